//! Settings for provisioning from the directory: where flat department names go, and
//! how many deactivations an hour the guard lets through.

use serde::Deserialize;

/// At most this share of active staff may be deactivated by the directory in an hour...
pub const DEFAULT_GUARD_PERCENT: u8 = 5;
/// ...and never fewer than this many are let through.
pub const DEFAULT_GUARD_MINIMUM: u32 = 20;

#[derive(Debug, Clone, Default, clap::Args)]
pub struct ProvisioningArgs {
    /// The department that flat department names from the directory are placed under,
    /// such as `Malmö stad` [default: none; a flat name is a top-level department].
    #[arg(long, env = "BRYGGAN_SCIM_DEPARTMENT_ROOT")]
    pub scim_department_root: Option<String>,
    /// Deactivations by the directory in a rolling hour, as a percentage of active staff,
    /// above which further ones are held for an admin [default: 5].
    #[arg(long, env = "BRYGGAN_SCIM_GUARD_PERCENT", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub scim_guard_percent: Option<u8>,
    /// The guard always lets this many deactivations an hour through [default: 20].
    #[arg(long, env = "BRYGGAN_SCIM_GUARD_MINIMUM")]
    pub scim_guard_minimum: Option<u32>,
}

/// The `[scim]` table of the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvisioningFile {
    department_root: Option<String>,
    guard_percent: Option<u8>,
    guard_minimum: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvisioningSettings {
    /// Trimmed; `None` when not set or empty.
    pub department_root: Option<String>,
    pub guard: super::guard::Guard,
}

impl Default for ProvisioningSettings {
    fn default() -> Self {
        Self {
            department_root: None,
            guard: super::guard::Guard {
                percent: DEFAULT_GUARD_PERCENT,
                minimum: DEFAULT_GUARD_MINIMUM,
            },
        }
    }
}

impl ProvisioningArgs {
    pub fn resolve(&self, file: Option<ProvisioningFile>) -> ProvisioningSettings {
        let file = file.unwrap_or_default();
        ProvisioningSettings {
            department_root: self
                .scim_department_root
                .clone()
                .or(file.department_root)
                .map(|r| r.split('/').map(str::trim).collect::<Vec<_>>().join("/"))
                .filter(|r| !r.is_empty()),
            guard: super::guard::Guard {
                percent: self
                    .scim_guard_percent
                    .or(file.guard_percent)
                    .unwrap_or(DEFAULT_GUARD_PERCENT)
                    .min(100),
                minimum: self
                    .scim_guard_minimum
                    .or(file.guard_minimum)
                    .unwrap_or(DEFAULT_GUARD_MINIMUM),
            },
        }
    }
}
