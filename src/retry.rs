//! Pure retry/backoff policy (filled in with the client).
