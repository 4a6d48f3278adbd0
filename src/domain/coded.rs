//! Enums that are written and stored as a fixed code (`"hr"`, `"sv"`): one table of
//! variants and codes gives the code, the parse and `Display`, so the two directions
//! cannot drift apart.

/// `coded!(Type, ParseError, method { Variant => "code", … })` writes `Type::method`
/// (the code), `FromStr` (an unknown code is `ParseError(code)`) and `Display`.
macro_rules! coded {
    (
        $type:ident, $error:ident,
        $(#[$doc:meta])* $method:ident { $($variant:ident => $code:literal),+ $(,)? }
    ) => {
        impl $type {
            $(#[$doc])*
            pub fn $method(self) -> &'static str {
                match self {
                    $($type::$variant => $code),+
                }
            }
        }

        impl std::str::FromStr for $type {
            type Err = $error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($code => Ok($type::$variant),)+
                    other => Err($error(other.to_owned())),
                }
            }
        }

        impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.$method())
            }
        }
    };
}

pub(crate) use coded;
