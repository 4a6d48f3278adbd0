//! The list query of `GET /Users` (RFC 7644 §3.4.2): the filters Bryggan answers, paging,
//! and the attributes to return.

use std::str::FromStr;

use scim_v2::filter::{AttrExp, AttrPath, CompValue, CompareOp, Filter, ValFilter};

use super::{ScimError, ScimType, USER_SCHEMA};

/// The most resources in one page; a larger `count` is cut to this (RFC 7644 §3.4.2.4).
pub const MAX_COUNT: u64 = 200;

/// What a filter asks for: one person by a unique attribute, or everyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserFilter {
    All,
    Id(String),
    UserName(String),
    ExternalId(String),
    Email(String),
}

/// Reads `filter`. Bryggan answers an equality on `id`, `userName`, `externalId` or
/// `emails.value` (also as `emails[value eq "…"]`): what a directory asks before it
/// creates or changes someone. Anything else is `invalidFilter`, never a silent "all".
pub fn parse_filter(filter: Option<&str>) -> Result<UserFilter, ScimError> {
    let Some(text) = filter.map(str::trim).filter(|f| !f.is_empty()) else {
        return Ok(UserFilter::All);
    };
    let parsed = Filter::from_str(text).map_err(|_| {
        ScimError::bad(
            ScimType::InvalidFilter,
            format!("The filter {text:?} cannot be read."),
        )
    })?;
    let unsupported = || {
        ScimError::bad(
            ScimType::InvalidFilter,
            format!(
                "The filter {text:?} is not supported: Bryggan filters with eq on id, \
                 userName, externalId or emails.value."
            ),
        )
    };
    let (path, value) = match &parsed {
        Filter::Attr(AttrExp::Comparison(path, CompareOp::Eq, CompValue::Str(value))) => {
            (path.clone(), value.clone())
        }
        Filter::ValuePath(value_path) => match value_path.filter.as_ref() {
            ValFilter::Attr(AttrExp::Comparison(sub, CompareOp::Eq, CompValue::Str(value)))
                if sub.sub_attr.is_none() && sub.name.eq_ignore_ascii_case("value") =>
            {
                let mut path = value_path.attr.clone();
                path.sub_attr = Some("value".into());
                (path, value.clone())
            }
            _ => return Err(unsupported()),
        },
        _ => return Err(unsupported()),
    };
    if path
        .uri
        .as_deref()
        .is_some_and(|u| !u.eq_ignore_ascii_case(USER_SCHEMA))
    {
        return Err(unsupported());
    }
    attribute(&path, value).ok_or_else(unsupported)
}

fn attribute(path: &AttrPath, value: String) -> Option<UserFilter> {
    let name = path.name.to_ascii_lowercase();
    let sub = path.sub_attr.as_deref().map(str::to_ascii_lowercase);
    match (name.as_str(), sub.as_deref()) {
        ("id", None) => Some(UserFilter::Id(value)),
        ("username", None) => Some(UserFilter::UserName(value)),
        ("externalid", None) => Some(UserFilter::ExternalId(value)),
        ("emails", Some("value")) | ("emails", None) => Some(UserFilter::Email(value)),
        _ => None,
    }
}

/// Paging: `startIndex` is 1-based (less than 1 counts as 1); `count` defaults to and is
/// cut at [`MAX_COUNT`]; 0 asks only for the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub start_index: u64,
    pub count: u64,
}

impl Page {
    pub fn new(start_index: Option<i64>, count: Option<i64>) -> Self {
        Self {
            start_index: start_index.unwrap_or(1).max(1).unsigned_abs(),
            count: count
                .map_or(MAX_COUNT, |c| c.max(0).unsigned_abs())
                .min(MAX_COUNT),
        }
    }

    pub fn offset(&self) -> u64 {
        self.start_index - 1
    }
}

/// A query's numbers as they arrive, refused when they are not integers.
pub fn integer(name: &str, value: Option<&str>) -> Result<Option<i64>, ScimError> {
    value
        .map(|v| {
            v.trim().parse::<i64>().map_err(|_| {
                ScimError::invalid_value(format!("{name} must be an integer, not {v:?}."))
            })
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filters_a_directory_sends_are_read() {
        assert_eq!(
            parse_filter(Some(r#"userName eq "Anna@Malmo.se""#)),
            Ok(UserFilter::UserName("Anna@Malmo.se".into()))
        );
        assert_eq!(
            parse_filter(Some(r#"externalId EQ "4f1c""#)),
            Ok(UserFilter::ExternalId("4f1c".into()))
        );
        assert_eq!(
            parse_filter(Some(r#"emails.value eq "a@b.se""#)),
            Ok(UserFilter::Email("a@b.se".into()))
        );
        assert_eq!(
            parse_filter(Some(r#"emails[value eq "a@b.se"]"#)),
            Ok(UserFilter::Email("a@b.se".into()))
        );
        assert_eq!(
            parse_filter(Some(&format!(r#"{USER_SCHEMA}:userName eq "x""#))),
            Ok(UserFilter::UserName("x".into()))
        );
        assert_eq!(parse_filter(None), Ok(UserFilter::All));
    }

    #[test]
    fn a_malformed_or_unsupported_filter_is_an_invalid_filter_error() {
        for filter in [
            r#"userName eq"#,
            r#"userName eq "a" and"#,
            r#"title eq "Chef""#,
            r#"userName co "a""#,
            r#"userName eq "a" or userName eq "b""#,
        ] {
            let err = parse_filter(Some(filter)).unwrap_err();
            assert_eq!(err.scim_type, Some(ScimType::InvalidFilter), "{filter}");
        }
    }

    #[test]
    fn paging_starts_at_one_and_is_cut_at_the_maximum() {
        assert_eq!(
            Page::new(None, None),
            Page {
                start_index: 1,
                count: MAX_COUNT
            }
        );
        assert_eq!(Page::new(Some(-3), Some(5000)).offset(), 0);
        assert_eq!(Page::new(Some(11), Some(10)).offset(), 10);
        assert_eq!(Page::new(Some(1), Some(-1)).count, 0);
        assert!(integer("count", Some("ten")).is_err());
    }
}
