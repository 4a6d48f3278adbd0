//! The assessment page: the knowledge forms side by side, pair by pair, so a reviewer can
//! see that each pair asks about the same thing, and the self-assessment with its scale.

use serde::Serialize;

use crate::course::{Course, FORM_A, FORM_B, SelfAssessment};

use super::labels::Labels;
use super::questions::{QuestionView, question_view};
use super::views::Page;

#[derive(Serialize)]
pub struct AssessmentBody<'a> {
    pairs: Vec<Pair<'a>>,
    one_form: bool,
    self_assessment: Option<&'a SelfAssessment>,
}

#[derive(Serialize)]
struct Pair<'a> {
    number: usize,
    a: Option<QuestionView<'a>>,
    b: Option<QuestionView<'a>>,
}

/// `None` when the course has no assessment.
pub fn page<'a>(course: &'a Course, labels: &'static Labels) -> Option<Page<AssessmentBody<'a>>> {
    let assessment = course.assessment.as_ref()?;
    let form_a = assessment.forms.first();
    let form_b = assessment.forms.get(1);
    let count = assessment
        .forms
        .iter()
        .map(|f| f.questions.len())
        .max()
        .unwrap_or(0);
    let pairs = (0..count)
        .map(|i| Pair {
            number: i + 1,
            a: form_a
                .and_then(|f| f.questions.get(i))
                .map(|q| question_view(q, FORM_A, labels)),
            b: form_b
                .and_then(|f| f.questions.get(i))
                .map(|q| question_view(q, FORM_B, labels)),
        })
        .collect();
    Some(Page {
        lang: course.language,
        page_title: format!("{} · {}", labels.assessment, course.title),
        root: "../",
        course_title: Some(course.title.clone()),
        labels,
        body: AssessmentBody {
            pairs,
            one_form: form_b.is_none(),
            self_assessment: assessment.self_assessment.as_ref(),
        },
    })
}
