//! The validation table of a model, declared with the model itself.
//!
//! `model!` declares a serde (and, on wasm, tsify) struct once: each field with its JSON
//! name, whether it is required, and its [`Rule`]. It emits the struct with the attributes
//! written in the declaration plus the rename (and, for `opt` fields, the `default` +
//! `skip_serializing_if` pair), and `impl T { pub const FIELDS: &[Field] }`, the table the
//! validation walks. `string_enum!` does the same for an enum of string constants, and
//! `kinds!` for a union whose `type` picks the payload shape.
//!
//! The wasm build never runs serde's `Deserialize`: validation parses JSON into
//! [`Value`](crate::model::Value) and walks these tables. `tests/drift.rs` holds the tables to
//! the official JSON Schemas.

/// What validation checks in a field's value (DESIGN.md §3). Lengths count code points.
///
/// Kept to 8 bytes in the wasm build (a field, 20), as the tables are most of what the
/// models add to the `.wasm`: lengths are `u16`, and lists are reached through a thin
/// reference to their `&'static [_]` (write `Rule::Shape(&Card::FIELDS)`).
#[derive(Clone, Copy)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub enum Rule {
    /// A string of `min` to `max` code points.
    Str { min: u16, max: Option<u16> },
    /// An RFC 3339 date-time string of `min` to `max` code points.
    DateTime { min: u16, max: Option<u16> },
    /// A finite number.
    Num,
    /// `true` or `false`.
    Bool,
    /// One of these strings.
    Enum(&'static &'static [&'static str]),
    /// An object of this shape; other keys are allowed and sent unchanged (payload parts).
    Shape(&'static &'static [Field]),
    /// An object with only these fields, at least one of them (`schedule`).
    Strict(&'static &'static [Field]),
    /// An array of objects of this shape.
    Arr(&'static &'static [Field]),
    /// An array of strings of at most `max` code points.
    StrArr { max: u16 },
    /// An object of string (at most `max` code points) or `null` values: tags, properties.
    StrMap { max: Option<u16> },
    /// A message payload: the shape of the sibling `type` when it is a known kind
    /// ([`KnownMessage::shape_of`](crate::model::KnownMessage::shape_of)), else any object.
    Payload,
    /// An array of `{type, payload}` bloc items ([`BlocItem`](crate::model::BlocItem)).
    BlocItems,
    /// Any JSON object.
    AnyObj,
}

/// One field of a model's table.
#[derive(Clone, Copy)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct Field {
    /// The JSON name (the serde rename).
    pub name: &'static str,
    pub required: bool,
    pub rule: Rule,
}

/// Declares a model struct and its validation table, field by field:
///
/// ```text
/// model! {
///     /// doc, derives and attributes of the struct, as usual
///     pub struct ImagePayload {
///         /// doc and attributes of the field, as usual
///         req image_url: String = "imageUrl", Rule::Str { min: 1, max: None };
///         opt title: Option<String> = "title", Rule::Str { min: 1, max: None };
///         // A flattened field whose JSON members are listed by hand:
///         flat content: MessageContent =
///             ["type", true, Rule::Str { min: 0, max: Some(200) }; "payload", true, Rule::Payload];
///         // A field outside the table (e.g. the flattened extra keys):
///         #[serde(flatten)]
///         pub extra: PayloadExtensions;
///     }
/// }
/// ```
///
/// `req` members are required and `opt` ones optional (their type must be an `Option`: they
/// get `#[serde(default, skip_serializing_if = "Option::is_none")]`); a `flat` field lists the
/// JSON members it stands for, each with its own required flag (`tests/drift.rs` checks them
/// against what serde writes). The table keeps the order of the declaration, which is the
/// order issues are reported in.
macro_rules! model {
    (
        $(#[$sattr:meta])*
        $vis:vis struct $name:ident { $($body:tt)* }
    ) => {
        $crate::model::shape::model!(@munch [$(#[$sattr])* $vis struct $name] [] [] $($body)*);
    };
    (@munch $head:tt [$($fields:tt)*] [$($table:tt)*]
        $(#[$fattr:meta])* req $field:ident : $fty:ty = $json:literal, $rule:expr; $($rest:tt)*
    ) => {
        $crate::model::shape::model!(@munch $head
            [$($fields)* $(#[$fattr])* #[serde(rename = $json)] pub $field: $fty,]
            [$($table)* $crate::model::shape::Field { name: $json, required: true, rule: $rule },]
            $($rest)*);
    };
    (@munch $head:tt [$($fields:tt)*] [$($table:tt)*]
        $(#[$fattr:meta])* opt $field:ident : $fty:ty = $json:literal, $rule:expr; $($rest:tt)*
    ) => {
        $crate::model::shape::model!(@munch $head
            [$($fields)* $(#[$fattr])*
             #[serde(rename = $json, default, skip_serializing_if = "Option::is_none")]
             pub $field: $fty,]
            [$($table)* $crate::model::shape::Field { name: $json, required: false, rule: $rule },]
            $($rest)*);
    };
    (@munch $head:tt [$($fields:tt)*] [$($table:tt)*]
        $(#[$fattr:meta])* flat $field:ident : $fty:ty =
            [$($json:literal, $req:literal, $rule:expr);+];
        $($rest:tt)*
    ) => {
        $crate::model::shape::model!(@munch $head
            [$($fields)* $(#[$fattr])* #[serde(flatten)] pub $field: $fty,]
            [$($table)*
             $($crate::model::shape::Field { name: $json, required: $req, rule: $rule },)+]
            $($rest)*);
    };
    (@munch $head:tt [$($fields:tt)*] [$($table:tt)*]
        $(#[$fattr:meta])* pub $field:ident : $fty:ty; $($rest:tt)*
    ) => {
        $crate::model::shape::model!(@munch $head
            [$($fields)* $(#[$fattr])* pub $field: $fty,]
            [$($table)*]
            $($rest)*);
    };
    (@munch [$(#[$sattr:meta])* $vis:vis struct $name:ident] [$($fields:tt)*] [$($table:tt)*]) => {
        $(#[$sattr])*
        $vis struct $name { $($fields)* }

        impl $name {
            /// The validation table of this model (see [`crate::model::shape`]).
            pub const FIELDS: &'static [$crate::model::shape::Field] = &[$($table)*];
        }
    };
}

/// Declares an enum of string constants (`Variant = "json"`, …) and `T::VALUES`, the JSON
/// strings in declaration order.
macro_rules! string_enum {
    (
        $(#[$eattr:meta])*
        $vis:vis enum $name:ident { $($(#[$vattr:meta])* $variant:ident = $json:literal),+ $(,)? }
    ) => {
        $(#[$eattr])*
        $vis enum $name { $($(#[$vattr])* #[serde(rename = $json)] $variant,)+ }

        impl $name {
            /// The JSON values, in declaration order.
            pub const VALUES: &'static [&'static str] = &[$($json),+];
        }
    };
}

/// Declares a union adjacently tagged by `type` (`Variant = "json" (Payload)`, …), with
/// `T::TYPES` (the `type` values in declaration order), `T::shape_of(type)` (the payload's
/// table) and `t.message_type()`.
macro_rules! kinds {
    (
        $(#[$eattr:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vattr:meta])* $variant:ident = $json:literal ($payload:ty)),+ $(,)?
        }
    ) => {
        $(#[$eattr])*
        $vis enum $name { $($(#[$vattr])* #[serde(rename = $json)] $variant($payload),)+ }

        impl $name {
            /// The `type` values, in declaration order.
            pub const TYPES: &'static [&'static str] = &[$($json),+];

            /// The payload tables, in the order of `TYPES`.
            pub const SHAPES: &'static [&'static [$crate::model::shape::Field]] =
                &[$(<$payload>::FIELDS),+];

            /// The payload table of a `type`, if it is one of these kinds. (A search of
            /// `TYPES`, not a `match` on strings: a few hundred bytes less of wasm.)
            pub fn shape_of(kind: &str) -> Option<&'static [$crate::model::shape::Field]> {
                let i = Self::TYPES.iter().position(|t| *t == kind)?;
                Self::SHAPES.get(i).copied()
            }

            /// The wire value of `type`.
            pub fn message_type(&self) -> &'static str {
                match self {
                    $($name::$variant(_) => $json,)+
                }
            }
        }
    };
}

pub(crate) use {kinds, model, string_enum};
