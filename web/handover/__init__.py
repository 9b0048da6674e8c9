"""The firm's pages of a dossier: chart settings and chart, exports and what they held back, folder sync,
and the accounting entry of a document (keyboard editor)."""
