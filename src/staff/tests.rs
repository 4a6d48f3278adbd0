use super::*;

fn errors(text: &str) -> Vec<String> {
    parse(text.as_bytes())
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn an_english_comma_separated_file_is_read() {
    let file = parse(b"email,name,department,manager_email,locale\nanna@malmo.se,Anna Berg,Malm\xc3\xb6 stad / Stadskontoret,chef@malmo.se,en\n").unwrap();
    assert_eq!(file.delimiter, ',');
    let row = &file.rows[0];
    assert_eq!(
        (row.line, row.email.as_str(), row.name.as_str()),
        (2, "anna@malmo.se", "Anna Berg")
    );
    assert_eq!(row.department, "Malmö stad/Stadskontoret");
    assert_eq!(
        row.manager_email.as_ref().map(Email::as_str),
        Some("chef@malmo.se")
    );
    assert_eq!(row.locale, Some(Language::En));
}

#[test]
fn a_swedish_excel_export_with_semicolons_in_windows_1252_is_read() {
    let bytes = b"E-post;Namn;Avdelning;Chef;Spr\xe5k\r\n\xf6rjan@malmo.se;\xd6rjan \xc5kesson;Malm\xf6 stad/Socialf\xf6rvaltningen;;sv\r\n";
    let file = parse(bytes).unwrap();
    assert!(file.windows_1252);
    assert_eq!(file.delimiter, ';');
    assert_eq!(file.rows[0].name, "Örjan Åkesson");
    assert_eq!(file.rows[0].email.as_str(), "örjan@malmo.se");
    assert_eq!(file.rows[0].department, "Malmö stad/Socialförvaltningen");
}

#[test]
fn quoted_fields_may_hold_the_delimiter() {
    let file = parse(b"email,name,department\na@b.se,\"Berg, Anna\",X/Y\n").unwrap();
    assert_eq!(file.rows[0].name, "Berg, Anna");
}

#[test]
fn every_bad_row_is_reported_with_its_row_number() {
    let text = "email,name,department\nnot-an-address,Anna,X\nb@malmo.se,,X\nc@malmo.se,Carl,X//Y\nd@malmo.se,Dora,X\nD@malmo.se,Dora igen,X\n";
    assert_eq!(
        errors(text),
        [
            "row 2: \"not-an-address\" is not an email address",
            "row 3: the name is empty",
            "row 4: the department \"X//Y\" is not a path such as \"Malmö stad/Stadskontoret\"",
            "row 6: d@malmo.se is already on row 5",
        ]
    );
}

#[test]
fn an_unknown_column_is_reported_with_the_accepted_ones() {
    let errors = errors("email,name,department,salary\na@b.se,A,X,1\n");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with(
            "row 1: unknown column \"salary\": the columns are email, name, department"
        ),
        "{errors:?}"
    );
}

#[test]
fn a_file_with_another_delimiter_is_reported_as_unknown_columns() {
    let errors = errors("email|name|department\na@b.se|A|X\n");
    assert!(
        errors[0].contains("unknown column \"email|name|department\"")
            && errors[0].contains("separated by , or ;"),
        "{errors:?}"
    );
}

#[test]
fn a_missing_required_column_is_reported() {
    assert_eq!(
        errors("email,name\na@b.se,A\n"),
        ["row 1: the department column is missing"]
    );
}

#[test]
fn a_row_with_the_wrong_number_of_fields_is_reported() {
    assert_eq!(
        errors("email,name,department\na@b.se,A\n"),
        ["row 2: has 2 fields, the header has 3"]
    );
}

#[test]
fn an_unknown_language_is_reported() {
    assert_eq!(
        errors("email,name,department,locale\na@b.se,A,X,fi\n"),
        ["row 2: unknown language \"fi\": use sv or en"]
    );
}

#[test]
fn an_empty_file_is_reported() {
    assert_eq!(
        errors(""),
        ["the file is empty: it needs a header row (email,name,department)"]
    );
}

#[test]
fn blank_lines_are_skipped() {
    assert_eq!(
        parse(b"email,name,department\n\na@b.se,A,X\n,,\n")
            .unwrap()
            .rows
            .len(),
        1
    );
}
