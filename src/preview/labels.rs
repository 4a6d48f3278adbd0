//! The preview site's interface text, in the course's language.

use serde::Serialize;

use crate::domain::Language;

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Labels {
    pub preview: &'static str,
    pub skip: &'static str,
    pub footer: &'static str,
    pub courses: &'static str,
    pub index_intro: &'static str,
    pub lessons: &'static str,
    pub lessons_lower: &'static str,
    pub lesson: &'static str,
    pub length: &'static str,
    pub minutes: &'static str,
    pub months: &'static str,
    pub pass_mark: &'static str,
    pub validity: &'static str,
    pub no_expiry: &'static str,
    pub version: &'static str,
    pub quiz: &'static str,
    pub questions: &'static str,
    pub single: &'static str,
    pub multiple: &'static str,
    pub correct: &'static str,
    pub wrong: &'static str,
    pub feedback: &'static str,
    pub explanation: &'static str,
    pub reviewer_note: &'static str,
    pub pager: &'static str,
}

const SV: Labels = Labels {
    preview: "Förhandsvisning",
    skip: "Hoppa till innehållet",
    footer: "Förhandsvisning för granskare. Deltagare ser aldrig rätta svar innan de har svarat.",
    courses: "Kurser",
    index_intro: "Alla kurser som kompilerades utan fel, som deltagarna kommer att se dem, med quizzens rätta svar och återkoppling utskrivna.",
    lessons: "Lektioner",
    lessons_lower: "lektioner",
    lesson: "Lektion",
    length: "Längd",
    minutes: "min",
    months: "månader",
    pass_mark: "Gräns för godkänt",
    validity: "Intyget gäller",
    no_expiry: "tills vidare",
    version: "Version",
    quiz: "Quiz",
    questions: "frågor",
    single: "Ett rätt svar",
    multiple: "Flera rätta svar (alla måste väljas)",
    correct: "Rätt svar",
    wrong: "Fel svar",
    feedback: "Återkoppling",
    explanation: "Förklaring",
    reviewer_note: "Granskningsläge: rätta svar och återkoppling visas här. Deltagaren ser dem först efter att ha svarat.",
    pager: "Lektioner",
};

const EN: Labels = Labels {
    preview: "Preview",
    skip: "Skip to content",
    footer: "Reviewer preview. Learners never see correct answers before they answer.",
    courses: "Courses",
    index_intro: "Every course that compiled without errors, as learners will see it, with the quizzes' correct answers and feedback shown.",
    lessons: "Lessons",
    lessons_lower: "lessons",
    lesson: "Lesson",
    length: "Length",
    minutes: "min",
    months: "months",
    pass_mark: "Pass mark",
    validity: "Certificate valid for",
    no_expiry: "no expiry",
    version: "Version",
    quiz: "Quiz",
    questions: "questions",
    single: "One correct answer",
    multiple: "Several correct answers (all must be chosen)",
    correct: "Correct",
    wrong: "Wrong",
    feedback: "Feedback",
    explanation: "Explanation",
    reviewer_note: "Review mode: correct answers and feedback are shown here. Learners see them only after answering.",
    pager: "Lessons",
};

impl Labels {
    pub fn for_language(language: Language) -> &'static Labels {
        match language {
            Language::Sv => &SV,
            Language::En => &EN,
        }
    }
}
