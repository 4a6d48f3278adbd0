//! Domain types as column values: a `users.role` reads as a [`Role`], never as a string
//! to parse again with a fallback. A stored value that does not parse is an error where
//! the row is read. The impls live here so that the domain knows nothing of sea-orm;
//! they are what `DeriveValueType` with `value_type = "String"` would write.

use crate::domain::{
    Email, EmailType, EmployeeNumber, EnrolmentSource, ExternalId, FeedbackComment, Language,
    LanguageTag, Role, UserName,
};

macro_rules! text_column {
    ($type:ty, $to_text:expr, $from_text:expr) => {
        impl From<$type> for sea_orm::Value {
            fn from(value: $type) -> Self {
                let text: &str = $to_text(&value);
                text.to_owned().into()
            }
        }

        impl sea_orm::TryGetable for $type {
            fn try_get_by<I: sea_orm::ColIdx>(
                res: &sea_orm::QueryResult,
                idx: I,
            ) -> Result<Self, sea_orm::TryGetError> {
                let text = String::try_get_by(res, idx)?;
                $from_text(&text).map_err(|err| {
                    sea_orm::TryGetError::DbErr(sea_orm::DbErr::TryIntoErr {
                        from: "String",
                        into: stringify!($type),
                        source: std::sync::Arc::new(err),
                    })
                })
            }
        }

        impl sea_orm::sea_query::ValueType for $type {
            fn try_from(value: sea_orm::Value) -> Result<Self, sea_orm::sea_query::ValueTypeErr> {
                let text = <String as sea_orm::sea_query::ValueType>::try_from(value)?;
                $from_text(&text).map_err(|_| sea_orm::sea_query::ValueTypeErr)
            }

            fn type_name() -> String {
                stringify!($type).to_owned()
            }

            fn array_type() -> sea_orm::sea_query::ArrayType {
                sea_orm::sea_query::ArrayType::String
            }

            fn column_type() -> sea_orm::sea_query::ColumnType {
                sea_orm::sea_query::ColumnType::String(sea_orm::sea_query::StringLen::None)
            }
        }

        impl sea_orm::sea_query::Nullable for $type {
            fn null() -> sea_orm::Value {
                sea_orm::Value::String(None)
            }
        }

        impl sea_orm::IntoActiveValue<$type> for $type {
            fn into_active_value(self) -> sea_orm::ActiveValue<$type> {
                sea_orm::ActiveValue::Set(self)
            }
        }
    };
}

text_column!(Role, |r: &Role| r.as_str(), str::parse::<Role>);
text_column!(Language, |l: &Language| l.code(), str::parse::<Language>);
text_column!(Email, Email::as_str, Email::parse);
text_column!(
    FeedbackComment,
    FeedbackComment::as_str,
    FeedbackComment::parse
);
text_column!(UserName, UserName::as_str, UserName::parse);
text_column!(ExternalId, ExternalId::as_str, ExternalId::parse);
text_column!(
    EmployeeNumber,
    EmployeeNumber::as_str,
    EmployeeNumber::parse
);
text_column!(LanguageTag, LanguageTag::as_str, LanguageTag::parse);
text_column!(
    EnrolmentSource,
    |s: &EnrolmentSource| s.as_str(),
    str::parse::<EnrolmentSource>
);
text_column!(EmailType, |t: &EmailType| t.as_str(), EmailType::parse);

#[cfg(test)]
mod tests {
    use sea_orm::Value;
    use sea_orm::sea_query::ValueType;

    use super::*;

    #[test]
    fn a_domain_value_round_trips_through_its_column_and_a_bad_one_is_refused() {
        let role: Value = Role::Hr.into();
        assert_eq!(<Role as ValueType>::try_from(role).ok(), Some(Role::Hr));
        let lang: Value = Language::En.into();
        assert_eq!(
            <Language as ValueType>::try_from(lang).ok(),
            Some(Language::En)
        );
        let email = Email::parse("Lina@Kommun.se").unwrap();
        let value: Value = email.clone().into();
        assert_eq!(<Email as ValueType>::try_from(value).ok(), Some(email));
        assert!(<Role as ValueType>::try_from(Value::from("superuser".to_owned())).is_err());
        assert!(<Email as ValueType>::try_from(Value::from("nobody".to_owned())).is_err());
    }
}
