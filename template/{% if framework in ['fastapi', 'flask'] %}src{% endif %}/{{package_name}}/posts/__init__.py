"""Posts: written by users, private drafts until published."""
