//! `--select` and `--ignore`: which rules run, by id or pack prefix.

/// True when `selector` names the rule: its id, its pack (`para`), a
/// dotted prefix of its id, or `ALL`.
pub fn matches(selector: &str, rule_id: &str) -> bool {
    selector == "ALL"
        || rule_id == selector
        || (rule_id.starts_with(selector) && rule_id.as_bytes().get(selector.len()) == Some(&b'.'))
}

/// Whether a rule runs: selected (or nothing selected) and not ignored.
pub fn keeps<S: AsRef<str>, I: AsRef<str>>(rule_id: &str, select: &[S], ignore: &[I]) -> bool {
    (select.is_empty() || select.iter().any(|s| matches(s.as_ref(), rule_id)))
        && !ignore.iter().any(|s| matches(s.as_ref(), rule_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_prefix_matches_whole_segments() {
        assert!(matches("para", "para.staffing"));
        assert!(matches("para.staffing", "para.staffing"));
        assert!(!matches("par", "para.staffing"));
        assert!(matches("ALL", "idea.format"));
    }

    #[test]
    fn ignore_wins_over_select() {
        let s = vec!["para".to_string()];
        let i = vec!["para.staffing".to_string()];
        assert!(keeps("para.training", &s, &i));
        assert!(!keeps("para.staffing", &s, &i));
        assert!(!keeps("idea.format", &s, &i));
    }
}
