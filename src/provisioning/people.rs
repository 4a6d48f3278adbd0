//! Creating, changing and deleting people as the directory asks.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use serde_json::json;

use super::deactivation::{Requested, deactivate_or_hold};
use super::departments::{placed, shown};
use super::{Directory, Provisioning, ProvisioningError, Via};
use crate::domain::{Email, Language, Role};
use crate::scim::query::{Page, UserFilter};
use crate::scim::user::{UserInput, UserView};
use crate::scim::{ScimError, patch};
use crate::store::directory::{self, DirectoryPerson};
use crate::store::entities::user;
use crate::store::{audit, holds, report_queries, users};

/// What a PUT or a PATCH asks for.
pub enum Change<'a> {
    Replace(UserInput),
    Patch(&'a [patch::Operation]),
}

impl Provisioning<'_> {
    /// A person as the directory sees them, with `meta.location` under `base`.
    pub fn view<'p>(&self, person: &'p DirectoryPerson) -> UserView<'p> {
        let user = &person.user;
        UserView {
            id: user.id,
            user_name: user
                .scim_user_name
                .as_ref()
                .map_or(user.email.as_str(), |n| n.as_str()),
            name: &user.name,
            email: user.email.as_str(),
            email_type: user.email_type,
            active: user.active,
            external_id: user.external_id.as_ref().map(|e| e.as_str()),
            preferred_language: user.preferred_language.as_ref().map(|t| t.as_str()),
            department: person
                .department
                .as_deref()
                .map(|path| shown(path, self.settings.department_root.as_deref())),
            manager_id: person.manager_id,
            employee_number: user.employee_number.as_ref().map(|n| n.as_str()),
            created: user.created_at,
            last_modified: user.updated_at.unwrap_or(user.created_at),
        }
    }

    pub async fn get(&self, id: &str) -> Result<DirectoryPerson, ProvisioningError> {
        let id = parse_id(id)?;
        directory::find(self.db, id)
            .await?
            .ok_or_else(|| not_found(id).into())
    }

    pub async fn list(
        &self,
        filter: &UserFilter,
        page: Page,
    ) -> Result<(Vec<DirectoryPerson>, u64), ProvisioningError> {
        Ok(directory::search(self.db, filter, page.offset(), page.count).await?)
    }

    /// POST: a new person, or one Bryggan knows by address and the directory does not
    /// yet (imported before, or deleted by the directory and now back), who is linked.
    pub async fn create(
        &self,
        directory: &Directory,
        input: UserInput,
        now: DateTime<Utc>,
    ) -> Result<DirectoryPerson, ProvisioningError> {
        let _turn = self.turns.take(self.db).await;
        let txn = crate::store::begin_write(self.db).await?;
        let key = input.user_name.key();
        let by_name = directory::by_user_key(&txn, &key).await?;
        if let Some(taken) = by_name.as_ref().filter(|u| u.scim_deleted_at.is_none()) {
            return Err(ScimError::uniqueness(format!(
                "userName {:?} is already provisioned as User {}.",
                input.user_name.as_str(),
                taken.id
            ))
            .into());
        }
        let existing = match by_name {
            Some(deleted) => Some(deleted),
            None => match directory::by_email(&txn, &input.email).await? {
                Some(found) if found.scim_user_key.is_some() && found.scim_deleted_at.is_none() => {
                    return Err(ScimError::uniqueness(format!(
                        "The address {} belongs to User {}, provisioned as {:?}.",
                        input.email,
                        found.id,
                        found
                            .scim_user_name
                            .as_ref()
                            .map(|n| n.as_str())
                            .unwrap_or_default()
                    ))
                    .into());
                }
                found => found,
            },
        };
        let current = match existing {
            Some(user) => Some(directory::with_details(&txn, user).await?),
            None => None,
        };
        let person = self
            .write(&txn, current.as_ref(), &input, directory, Via::Put, now)
            .await?;
        txn.commit().await?;
        Ok(person)
    }

    /// PUT or PATCH: the person as the directory now describes them, or the operations
    /// applied to the person as the directory sees them, the result checked exactly as a
    /// PUT is.
    pub async fn change(
        &self,
        directory: &Directory,
        id: &str,
        change: Change<'_>,
        now: DateTime<Utc>,
    ) -> Result<DirectoryPerson, ProvisioningError> {
        let id = parse_id(id)?;
        let _turn = self.turns.take(self.db).await;
        let txn = crate::store::begin_write(self.db).await?;
        let current = directory::find(&txn, id)
            .await?
            .ok_or_else(|| not_found(id))?;
        let (input, via) = match change {
            Change::Replace(input) => (input, Via::Put),
            Change::Patch(operations) => {
                let mut resource = crate::scim::user::render(&self.view(&current), "");
                patch::apply(&mut resource, operations)?;
                (crate::scim::user::parse(&resource)?, Via::Patch)
            }
        };
        let person = self
            .write(&txn, Some(&current), &input, directory, via, now)
            .await?;
        txn.commit().await?;
        Ok(person)
    }

    /// DELETE: the account is deactivated (or the deactivation held) and the directory
    /// no longer sees it; its history, certificates and statistics stay.
    pub async fn delete(
        &self,
        directory: &Directory,
        id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), ProvisioningError> {
        let id = parse_id(id)?;
        let _turn = self.turns.take(self.db).await;
        let txn = crate::store::begin_write(self.db).await?;
        let current = directory::find(&txn, id)
            .await?
            .ok_or_else(|| not_found(id))?;
        let user = &current.user;
        if user.active {
            let request = Requested {
                user,
                via: Via::Delete,
                directory,
            };
            deactivate_or_hold(self, &txn, request, now).await?;
        } else {
            directory::mark_deleted(&txn, user.id, now).await?;
            let details = json!({"user": user.email, "id": user.id, "via": "DELETE"});
            audit::record(&txn, &directory.actor(), "scim.user_released", details, now).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Writes `input` over `current` (or as a new account), in `txn`, and returns the
    /// person as written. What did not change is not looked up again.
    async fn write(
        &self,
        txn: &DatabaseTransaction,
        current: Option<&DirectoryPerson>,
        input: &UserInput,
        directory: &Directory,
        via: Via,
        now: DateTime<Utc>,
    ) -> Result<DirectoryPerson, ProvisioningError> {
        let existing = current.map(|c| &c.user);
        let own_id = existing.map(|u| u.id);
        let key = input.user_name.key();
        let same_key = existing.is_some_and(|u| u.scim_user_key.as_deref() == Some(key.as_str()));
        if !same_key
            && let Some(other) = directory::by_user_key(txn, &key).await?
            && Some(other.id) != own_id
        {
            if other.scim_deleted_at.is_none() {
                return Err(ScimError::uniqueness(format!(
                    "userName {:?} is already provisioned as User {}.",
                    input.user_name.as_str(),
                    other.id
                ))
                .into());
            }
            // Deleted by the directory: its old name may go to someone else.
            let mut release: user::ActiveModel = other.into();
            release.scim_user_key = Set(None);
            directory::save(txn, release).await?;
        }
        let same_email = existing.is_some_and(|u| u.email == input.email);
        if !same_email
            && let Some(other) = directory::by_email(txn, &input.email).await?
            && Some(other.id) != own_id
        {
            return Err(ScimError::uniqueness(format!(
                "The address {} belongs to another account in Bryggan (User {}).",
                input.email, other.id
            ))
            .into());
        }
        let root = self.settings.department_root.as_deref();
        let department = input.department.as_deref().map(|name| placed(name, root));
        let department_id = match (&department, current) {
            (Some(path), Some(c)) if c.department.as_deref() == Some(path.as_str()) => {
                c.user.department_id
            }
            (Some(path), _) => Some(users::ensure_department(txn, path).await?),
            (None, _) => None,
        };
        let manager_id = match &input.manager_id {
            Some(manager) => Some(parse_manager(manager, own_id)?),
            None => None,
        };
        let manager_email = match (manager_id, current) {
            (Some(id), Some(c)) if c.manager_id == Some(id) => c.user.manager_email.clone(),
            (Some(id), _) => Some(self.manager(txn, id).await?.to_string()),
            (None, _) => None,
        };
        let mut row: user::ActiveModel = match existing {
            Some(user) => user.clone().into(),
            None => user::ActiveModel {
                id: NotSet,
                role: Set(Role::Learner),
                password_hash: Set(None),
                token_generation: Set(0),
                failed_sign_ins: Set(0),
                sign_in_blocked_until: Set(None),
                created_at: Set(now),
                scope_department_id: Set(None),
                active: Set(input.active),
                locale: Set(Language::Sv),
                ..Default::default()
            },
        };
        row.email = Set(input.email.clone());
        row.name = Set(input.name.clone());
        row.department_id = Set(department_id);
        row.manager_email = Set(manager_email);
        if let Some(language) = input.language {
            row.locale = Set(language);
        }
        row.scim_user_name = Set(Some(input.user_name.clone()));
        row.scim_user_key = Set(Some(key));
        row.external_id = Set(input.external_id.clone());
        row.employee_number = Set(input.employee_number.clone());
        row.preferred_language = Set(input.preferred_language.clone());
        row.email_type = Set(input.email_type);
        row.scim_deleted_at = Set(None);
        row.updated_at = Set(Some(now));
        let reactivate = existing.is_some_and(|u| !u.active) && input.active;
        if reactivate {
            row.active = Set(true);
        }
        // A move or a return changes the report counts: out before, in after.
        let recount = existing.is_some_and(|u| u.department_id != department_id || reactivate);
        if let Some(user) = existing.filter(|_| recount) {
            report_queries::uncount_person(txn, user.id).await?;
        }
        let mut saved = directory::save(txn, row).await.map_err(|err| {
            // Another request took the name or the address between the checks above and
            // this write: the index decides, and the directory is told as for any clash.
            match err {
                crate::store::StoreError::Db(db)
                    if matches!(db.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) =>
                {
                    ProvisioningError::Refused(ScimError::uniqueness(
                        "userName or the address was provisioned by another request at the same time.",
                    ))
                }
                other => other.into(),
            }
        })?;
        if recount {
            report_queries::count_person(txn, saved.id).await?;
        }
        let actor = directory.actor();
        let details = json!({"user": saved.email, "id": saved.id});
        let action = match existing {
            None => "scim.user_created",
            Some(user) if user.scim_user_key.is_none() || user.scim_deleted_at.is_some() => {
                "scim.user_linked"
            }
            Some(_) => "scim.user_updated",
        };
        audit::record(txn, &actor, action, details.clone(), now).await?;
        if input.active && existing.is_some() {
            // The directory wants them active after all: a waiting hold is withdrawn.
            holds::withdraw_for(txn, saved.id, now).await?;
        }
        if reactivate {
            audit::record(txn, &actor, "scim.user_reactivated", details, now).await?;
        }
        if existing.is_some_and(|u| u.active) && !input.active {
            let request = Requested {
                user: &saved,
                via,
                directory,
            };
            if deactivate_or_hold(self, txn, request, now).await? {
                saved.active = false;
            }
        }
        Ok(DirectoryPerson {
            user: saved,
            department,
            manager_id,
        })
    }

    /// The address of the manager with SCIM id `id`.
    async fn manager(
        &self,
        db: &impl ConnectionTrait,
        id: i64,
    ) -> Result<Email, ProvisioningError> {
        Ok(directory::email_of(db, id)
            .await?
            .ok_or_else(|| unknown_manager(&id.to_string()))?)
    }
}

fn unknown_manager(manager: &str) -> ScimError {
    ScimError::invalid_value(format!(
        "manager {manager:?} is not a User provisioned in Bryggan."
    ))
}

/// A manager's SCIM id: a number, and not the person themself.
fn parse_manager(manager: &str, own_id: Option<i64>) -> Result<i64, ScimError> {
    let id: i64 = manager.parse().map_err(|_| unknown_manager(manager))?;
    if Some(id) == own_id {
        return Err(ScimError::invalid_value(
            "A person cannot be their own manager.",
        ));
    }
    Ok(id)
}

fn parse_id(id: &str) -> Result<i64, ScimError> {
    id.parse()
        .map_err(|_| ScimError::not_found(format!("There is no User {id:?}.")))
}

fn not_found(id: i64) -> ScimError {
    ScimError::not_found(format!("There is no User {id}."))
}
