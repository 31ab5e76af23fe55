//! The rules of DESIGN.md §3 as pure functions over [`Value`](crate::model::Value): every
//! issue at once, each with a path, a short code and a readable message. Never panics,
//! whatever the input.
//!
//! Request bodies are checked strictly (unknown fields, lengths, enums, the payload union);
//! response bodies leniently (required fields and their types only). Client and request
//! options are checked and turned into [`ClientConfig`] / [`RequestConfig`].
//!
//! Recursion follows the fixed shape of the models' tables; the only walk over caller-shaped
//! data (free-form payload parts) stops at [`MAX_DEPTH`](crate::model::value::MAX_DEPTH), so
//! no input can exhaust the stack.
//!
//! Split by concern: `collector` gathers issues and holds the checks every part shares;
//! `request` and `response` walk the tables the models declare (`crate::model::shape`),
//! `options` holds the rules of the client and request options; `url` and `datetime` the two
//! format checks.

mod collector;
mod datetime;
mod options;
mod request;
mod response;
mod url;

pub use options::{
    client_options, header_value_issue, is_forbidden_header, request_options, ClientConfig,
    RequestConfig, DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT_MS, FORBIDDEN_HEADERS, MAX_RESPONSE_BYTES_LIMIT, MAX_RETRIES_LIMIT,
    MAX_TIMEOUT_MS,
};
pub use request::{
    get_or_create_conversation, get_or_create_message, BLOC_ITEM_TYPES, CARD_ACTIONS,
    KNOWN_MESSAGE_TYPES,
};
pub use response::{conversation_response, message_response};

#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct Issue {
    /// e.g. `payload.items[2].actions[0].label`; `""` for the body itself.
    pub path: String,
    /// `required`, `unknown_field`, `type`, `too_long`, `too_short`, `enum`, `format`, …
    pub code: &'static str,
    pub message: String,
}

/// Every `code` an [`Issue`] can carry.
pub const ISSUE_CODES: &[&str] = &[
    "required",
    "unknown_field",
    "type",
    "too_long",
    "too_short",
    "enum",
    "format",
    "not_finite",
    "too_deep",
    "cycle",
    "unreadable",
    "header_value",
    "reserved",
    "range",
    "empty",
    "too_large",
];
