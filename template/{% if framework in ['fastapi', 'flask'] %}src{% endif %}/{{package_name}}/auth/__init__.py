"""Authentication: registration, login and JWT access/refresh tokens."""
