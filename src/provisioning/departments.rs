//! Where a department named by the directory sits in Bryggan's tree: a path with `/` as
//! it is, and a flat name under the configured root. Read back, a department under the
//! root is named flat again, so the directory sees what it sent and does not send it again.

/// The department path for `name` from the directory.
pub fn placed(name: &str, root: Option<&str>) -> String {
    match root {
        Some(root) if !name.contains('/') && name != root => format!("{root}/{name}"),
        _ => name.to_owned(),
    }
}

/// The department as the directory names it.
pub fn shown<'a>(path: &'a str, root: Option<&str>) -> &'a str {
    root.and_then(|root| path.strip_prefix(root))
        .and_then(|rest| rest.strip_prefix('/'))
        .filter(|rest| !rest.contains('/'))
        .unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flat_name_goes_under_the_root_and_a_path_stays_as_it_is() {
        let root = Some("Malmö stad");
        assert_eq!(placed("Fritid", root), "Malmö stad/Fritid");
        assert_eq!(placed("Malmö stad/Soc/Nord", root), "Malmö stad/Soc/Nord");
        assert_eq!(placed("Fritid", None), "Fritid");
        assert_eq!(placed("Malmö stad", root), "Malmö stad");
    }

    #[test]
    fn a_department_reads_back_as_the_directory_named_it() {
        let root = Some("Malmö stad");
        for name in ["Fritid", "Malmö stad/Soc/Nord", "Lund/Skola"] {
            assert_eq!(shown(&placed(name, root), root), name);
        }
        assert_eq!(shown("Fritid", None), "Fritid");
    }
}
