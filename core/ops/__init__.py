"""Running an instance: the process, the queue, the command line, operations.

The running process's context (:mod:`.runtime`), the queue and its tasks (:mod:`.tasks`,
:mod:`.scheduling`), the inbound connectors' runs (:mod:`.connector_runs`), logs,
health and metrics (:mod:`.logs`, :mod:`.health`), backups and the database copy
(:mod:`.backup`, :mod:`.dbcopy`), and the ``guichet`` command line (:mod:`.cli`).

The top room: it may import every other room.
"""
