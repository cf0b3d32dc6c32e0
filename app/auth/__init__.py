"""Staff accounts, roles per collectivité, login, throttling and password reset."""
