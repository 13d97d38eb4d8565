"""The database: engine and migrations, the tables, the unit registry, the audit log, batch history and monthly figures."""
