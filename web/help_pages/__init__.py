"""Help pages in French, inside the app: one per role, and the "?" of each screen (issue 19)."""
