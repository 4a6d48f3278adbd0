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

#[test]
fn row_numbers_are_the_lines_a_person_sees_whatever_the_line_endings() {
    for ending in ["\n", "\r\n", "\r"] {
        let text = [
            "email,name,department",
            "bad-first,Anna,X",
            "b@malmo.se,Bo,X",
            "c@malmo.se,Cilla,X",
            "not-an-address,Dora,X",
        ]
        .join(ending)
            + ending;
        assert_eq!(
            errors(&text),
            [
                "row 2: \"bad-first\" is not an email address",
                "row 5: \"not-an-address\" is not an email address",
            ],
            "{ending:?}"
        );
    }
}

#[test]
fn a_line_break_inside_a_quoted_field_counts_as_a_line() {
    let text = "email;namn;avdelning\r\na@malmo.se;\"Anna\r\nBerg\";X\r\nfel;Bo;X\r\n";
    assert_eq!(errors(text), ["row 4: \"fel\" is not an email address"]);
}

#[test]
fn problems_are_written_in_the_page_s_language() {
    let text = "email,name,department\nfel,,X//Y\n";
    let problems = parse(text.as_bytes()).unwrap_err();
    let swedish: Vec<String> = problems.iter().map(|p| p.message(Language::Sv)).collect();
    assert_eq!(
        swedish,
        [
            "rad 2: \"fel\" är inte en e-postadress",
            "rad 2: namnet är tomt",
            "rad 2: avdelningen \"X//Y\" är inte en sökväg som \"Malmö stad/Stadskontoret\"",
        ]
    );
    let header = parse(b"email,name,department,salary\n").unwrap_err();
    assert!(
        header[0]
            .message(Language::Sv)
            .starts_with("rad 1: okänd kolumn \"salary\": kolumnerna är e-post, namn, avdelning")
    );
}

#[test]
fn excel_unicode_text_is_read_as_the_staff_list_it_is() {
    let text = "E-post\tNamn\tAvdelning\r\nåsa@malmo.se\tÅsa Öberg\tMalmö stad/Kultur\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let file = parse(&bytes).unwrap();
    assert_eq!(file.delimiter, '\t');
    assert_eq!(file.rows[0].name, "Åsa Öberg");
    assert!(!file.windows_1252);
}

#[test]
fn a_binary_file_is_refused_as_not_a_csv_file_without_escapes() {
    for bytes in [
        &b"PK\x03\x04\x14\x00\x06\x00\x08\x00"[..],
        b"\x00\x01\x02\x03\xff\xfe\x00",
    ] {
        let problems = parse(bytes).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].problem, Problem::NotCsv);
        let swedish = problems[0].message(Language::Sv);
        assert!(swedish.starts_with("filen är inte en CSV-fil"), "{swedish}");
        assert!(swedish.contains("CSV UTF-8") && !swedish.contains("\\0"));
    }
}
