//! The rules of DESIGN.md §3 as pure functions over [`Value`]: every issue at once, each
//! with a path, a short code and a readable message. Never panics, whatever the input.

use crate::model::Value;

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Issue {
    /// e.g. `payload.items[2].actions[0].label`; `""` for the body itself.
    pub path: String,
    /// `required`, `unknown_field`, `type`, `too_long`, `too_short`, `enum`, `format`, …
    pub code: &'static str,
    pub message: String,
}

/// Issues of a `getOrCreateConversation` request body; empty when valid.
pub fn get_or_create_conversation(_body: &Value) -> Vec<Issue> {
    Vec::new() // TODO(validate): rules of DESIGN.md §3
}

/// Issues of a `getOrCreateMessage` request body; empty when valid.
pub fn get_or_create_message(_body: &Value) -> Vec<Issue> {
    Vec::new() // TODO(validate): rules of DESIGN.md §3
}
