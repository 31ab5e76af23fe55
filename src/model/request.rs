//! Request bodies of the two operations (`getOrCreateConversation.request.json`,
//! `getOrCreateMessage.request.json`, plus the newer revision's `properties` and `null` tags).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::payload::MessageContent;

/// Tags of a request: a `null` (or `""`) value unsets the tag.
pub type TagsInput = BTreeMap<String, Option<String>>;

/// Body of `POST /v1/chat/conversations/get-or-create`.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(hashmap_as_object, missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct GetOrCreateConversationInput {
    /// Channel name (at most 200 characters).
    pub channel: String,
    /// Tags of the conversation: values of at most 500 characters; `null` or `""` unsets a tag.
    pub tags: TagsInput,
    /// @deprecated To create a conversation from a bot, call an action of the integration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_name: Option<String>,
    /// Tag names that must match exactly for an existing conversation to be returned;
    /// without it, all tags must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discriminate_by_tags: Option<Vec<String>>,
    /// Experimental shared properties; `null` or `""` unsets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<TagsInput>,
}

/// When a scheduled message is sent: at `dateTime`, or after `delay` milliseconds.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Schedule {
    /// RFC 3339 date-time of 24 to 28 characters, e.g. `Date.toISOString()`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_time: Option<String>,
    /// Delay in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<f64>,
}

/// Where a message comes from; the API knows only `"synthetic"`.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum Origin {
    Synthetic,
}

/// Body of `POST /v1/chat/messages/get-or-create`: a message (`type` + `payload`) and the
/// fields every message has.
///
/// (TypeScript: this is the union of the known message types; see `GetOrCreateMessageInput`
/// for the generic form that also accepts integration-defined types.)
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(
    target_arch = "wasm32",
    tsify(rename = "KnownMessageInput", hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase")]
pub struct GetOrCreateMessageInput {
    #[serde(flatten)]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "KnownMessage"))]
    pub content: MessageContent,
    /// ID of the user (28 to 36 characters).
    pub user_id: String,
    /// ID of the conversation (28 to 36 characters).
    pub conversation_id: String,
    /// Tags of the message: values of at most 500 characters; `null` or `""` unsets a tag.
    pub tags: TagsInput,
    /// Send later: give `dateTime` or `delay`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// Tag names that must match exactly for an existing message to be returned;
    /// without it, all tags must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discriminate_by_tags: Option<Vec<String>>,
}
