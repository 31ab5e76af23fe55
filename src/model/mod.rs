//! The API's data: a JSON value tree for validation, and serde types for every request,
//! response and payload kind, the one description of their shapes: the typings are
//! generated from them, and each declares its validation table with it ([`shape`]).

pub mod payload;
pub mod request;
pub mod response;
pub mod shape;
pub mod value;
mod value_serde;

pub use payload::{
    AudioPayload, BlocItem, BlocPayload, CardAction, CardActionType, CardPayload, CarouselPayload,
    ChoiceOption, ChoicePayload, CustomMessage, DropdownPayload, FilePayload, ImagePayload,
    JsonObject, KnownMessage, LocationPayload, MarkdownPayload, MessageContent, PayloadExtensions,
    TextPayload, VideoPayload, BLOC_ITEM_TYPES, KNOWN_MESSAGE_TYPES,
};
pub use request::{
    GetOrCreateConversationInput, GetOrCreateMessageInput, Origin, Schedule, TagsInput,
};
pub use response::{
    Conversation, Direction, GetOrCreateConversationOutput, GetOrCreateMessageOutput, Message,
    Meta, Tags,
};
pub use shape::{Field, Rule};
pub use value::{Foreign, Json, Member, Value};

/// Decimal text of `n`, without the formatting machinery (kept out of the wasm build).
pub fn itoa(mut n: u64) -> String {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf[i..].iter().map(|&b| b as char).collect()
}

/// Byte offset of the first `needle` in `hay`. A plain loop: `str::find(&str)` brings in the
/// two-way searcher and `str` slicing panics (char `Debug`, Unicode tables) — kilobytes of
/// wasm for searches over short strings.
pub fn find_sub(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    (0..h.len().saturating_sub(n.len() - 1)).find(|&i| h.get(i..i + n.len()) == Some(n))
}

/// Unicode code points in `s` (what JSON Schema lengths count): the bytes that do not
/// continue a UTF-8 sequence. `chars().count()` is core's unrolled counter, ~800 bytes of wasm.
pub fn code_points(s: &str) -> usize {
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
}
