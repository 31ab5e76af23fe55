//! One error enum with stable codes (filled in with the client).
