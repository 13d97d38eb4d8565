"""Who may do what: accounts, roles, passwords and the sign-in session that survives a reload."""
