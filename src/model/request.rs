//! Request bodies of the two operations (`getOrCreateConversation.request.json`,
//! `getOrCreateMessage.request.json`, plus the newer revision's `properties` and `null` tags).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::payload::MessageContent;
use crate::model::shape::{model, string_enum, Rule};

/// Tags of a request: a `null` (or `""`) value unsets the tag.
pub type TagsInput = BTreeMap<String, Option<String>>;

/// A string of at most 200 characters (`channel`, `type`, `integrationName`).
const NAME: Rule = Rule::Str {
    min: 0,
    max: Some(200),
};
/// A user or conversation ID: 28 to 36 characters.
const ID: Rule = Rule::Str {
    min: 28,
    max: Some(36),
};
/// Tags of a request: values of at most 500 characters, or `null`.
const TAGS: Rule = Rule::StrMap { max: Some(500) };
/// `discriminateByTags`: tag names of at most 500 characters.
const TAG_NAMES: Rule = Rule::StrArr { max: 500 };

model! {
    /// Body of `POST /v1/chat/conversations/get-or-create`.
    #[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    #[cfg_attr(target_arch = "wasm32", tsify(hashmap_as_object, missing_as_null))]
    pub struct GetOrCreateConversationInput {
        /// Channel name (at most 200 characters).
        req channel: String = "channel", NAME;
        /// Tags of the conversation: values of at most 500 characters; `null` or `""` unsets a tag.
        req tags: TagsInput = "tags", TAGS;
        /// @deprecated To create a conversation from a bot, call an action of the integration.
        opt integration_name: Option<String> = "integrationName", NAME;
        /// Tag names that must match exactly for an existing conversation to be returned;
        /// without it, all tags must match.
        opt discriminate_by_tags: Option<Vec<String>> = "discriminateByTags", TAG_NAMES;
        /// Experimental shared properties; `null` or `""` unsets one.
        opt properties: Option<TagsInput> = "properties", Rule::StrMap { max: None };
    }
}

model! {
    /// When a scheduled message is sent: at `dateTime`, or after `delay` milliseconds.
    #[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub struct Schedule {
        /// RFC 3339 date-time of 24 to 28 characters, e.g. `Date.toISOString()`.
        opt date_time: Option<String> = "dateTime", Rule::DateTime { min: 24, max: Some(28) };
        /// Delay in milliseconds.
        opt delay: Option<f64> = "delay", Rule::Num;
    }
}

string_enum! {
    /// Where a message comes from; the API knows only `"synthetic"`.
    #[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub enum Origin {
        Synthetic = "synthetic",
    }
}

model! {
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
    pub struct GetOrCreateMessageInput {
        // `type` first: it picks the payload shape.
        #[cfg_attr(target_arch = "wasm32", tsify(type = "KnownMessage"))]
        flat content: MessageContent = ["type", true, NAME; "payload", true, Rule::Payload];
        /// ID of the user (28 to 36 characters).
        req user_id: String = "userId", ID;
        /// ID of the conversation (28 to 36 characters).
        req conversation_id: String = "conversationId", ID;
        /// Tags of the message: values of at most 500 characters; `null` or `""` unsets a tag.
        req tags: TagsInput = "tags", TAGS;
        /// Send later: give `dateTime` or `delay`.
        opt schedule: Option<Schedule> = "schedule", Rule::Strict(&Schedule::FIELDS);
        opt origin: Option<Origin> = "origin", Rule::Enum(&Origin::VALUES);
        /// Tag names that must match exactly for an existing message to be returned;
        /// without it, all tags must match.
        opt discriminate_by_tags: Option<Vec<String>> = "discriminateByTags", TAG_NAMES;
    }
}
