"""Where files and invoices are kept.

Content-addressed original files (:mod:`.blobs`), the write-once legal archive and its
stores (:mod:`.archive`), and the one place that writes an invoice into the database
(:mod:`.records`).

Imports the model room (and, inside functions, the running process's context).
"""
