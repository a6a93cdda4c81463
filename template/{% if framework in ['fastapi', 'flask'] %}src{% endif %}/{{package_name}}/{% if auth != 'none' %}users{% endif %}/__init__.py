"""Users: accounts that own posts."""
