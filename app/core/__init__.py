"""Domain-free building blocks: database, tenancy filter, errors, HTTP, security, mail, tasks."""
