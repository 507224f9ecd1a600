-- Failed logins per address and e-mail, shared by every instance of the
-- server (the login rate limit): `failures` counted since `first_at` (ms
-- since the epoch); a row older than the window counts for nothing and is
-- deleted on the next failure.
CREATE TABLE login_attempts (
    address TEXT NOT NULL,
    email TEXT NOT NULL,
    failures BIGINT NOT NULL,
    first_at BIGINT NOT NULL,
    PRIMARY KEY (address, email)
);
