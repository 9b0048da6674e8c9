"""The money pages of the company space: dashboard, open items, payment batches, reconciliation, rights."""
