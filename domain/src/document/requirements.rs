//! Which documents a person must bring to the office, and which they may be asked for, from
//! who applies (their age on the day the documents are judged, whether they are married,
//! whether they are a child with limited dual citizenship) and what for (a new passport or
//! a replacement and why, and the purpose of the trip).
//!
//! Each requirement is met by one document of any of its kinds, the usual one first: the
//! directorate takes a birth certificate, a diploma or a marriage book alike as the record
//! of a person's name, birth and parents. The sources of each rule are in docs/RULES.md.

use chrono::NaiveDate;

use super::DocumentKind;
use crate::applicant::needs_guardian;
use crate::passport::{ApplicationKind, ReplacementReason};
use crate::screening::TravelPurpose;

code_enum! {
    /// What a requirement is for: why the office asks for the document.
    pub enum DocumentPurpose {
        /// The applicant's own identity card.
        Identity => "identity",
        /// The family card.
        FamilyRecord => "family_record",
        /// A record of an adult's name, birth and parents: birth certificate, diploma or
        /// marriage book.
        BirthRecord => "birth_record",
        /// A married minor's marriage, which makes them an adult.
        Marriage => "marriage",
        /// A parent's identity card, for a child.
        ParentIdentity => "parent_identity",
        /// A child's own birth certificate.
        ChildBirthCertificate => "child_birth_certificate",
        /// A child's parents' marriage, or the court's custody decree where they divorced.
        ParentsMarriage => "parents_marriage",
        /// The parents' or guardian's consent, for a child.
        ParentalConsent => "parental_consent",
        /// The passport being replaced.
        PreviousPassport => "previous_passport",
        /// The police report of a lost passport.
        LossReport => "loss_report",
        /// The ground of a change of name or data.
        ChangeOfData => "change_of_data",
        /// The labour office's recommendation, for work abroad.
        WorkRecommendation => "work_recommendation",
    }
}

impl DocumentPurpose {
    /// The kinds that meet the purpose, the usual one first; never empty.
    #[must_use]
    pub const fn kinds(self) -> &'static [DocumentKind] {
        use DocumentKind as K;
        match self {
            Self::Identity => &[K::IdentityCard],
            Self::FamilyRecord => &[K::FamilyCard],
            Self::BirthRecord => &[K::BirthCertificate, K::Diploma, K::MarriageBook],
            Self::Marriage => &[K::MarriageBook],
            Self::ParentIdentity => &[K::ParentIdentityCard],
            Self::ChildBirthCertificate => &[K::BirthCertificate],
            Self::ParentsMarriage => &[K::MarriageBook, K::CourtDecree],
            Self::ParentalConsent => &[K::GuardianConsentLetter],
            Self::PreviousPassport => &[K::OldPassport],
            Self::LossReport => &[K::PoliceReport],
            Self::ChangeOfData => &[K::CourtDecree],
            Self::WorkRecommendation => &[K::LabourRecommendationLetter],
        }
    }
}

code_enum! {
    /// Whether a document must be brought, or may be asked for.
    pub enum Need {
        /// Without it the documents are not complete.
        Required => "required",
        /// The office may ask for it (e.g. when the old passport's data differ from the
        /// identity card's); the documents are complete without it.
        Optional => "optional",
    }
}

/// One line of what a person brings: a purpose, met by one document of its kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Requirement {
    pub purpose: DocumentPurpose,
    pub need: Need,
}

impl Requirement {
    /// The kinds that meet it, the usual one first.
    #[must_use]
    pub const fn kinds(self) -> &'static [DocumentKind] {
        self.purpose.kinds()
    }

    /// The usual kind: what to upload when in doubt.
    #[must_use]
    pub const fn usual_kind(self) -> DocumentKind {
        self.purpose.kinds()[0]
    }

    /// The kinds taken in place of the usual one.
    #[must_use]
    pub fn alternatives(self) -> &'static [DocumentKind] {
        &self.purpose.kinds()[1..]
    }

    /// Whether a document of `kind` meets it.
    #[must_use]
    pub fn accepts(self, kind: DocumentKind) -> bool {
        self.kinds().contains(&kind)
    }

    /// Whether the documents are incomplete without it.
    #[must_use]
    pub fn is_required(self) -> bool {
        self.need == Need::Required
    }
}

code_enum! {
    /// Whose documents are asked for: an adult's own, or a child's and their parents'.
    pub enum ApplicantGroup {
        /// 17 or over on the day the documents are judged.
        Adult => "adult",
        /// Under 17 but married (or once married): an adult in law, with a marriage book.
        MarriedMinor => "married_minor",
        /// Under 17 and never married: the parents apply with their own documents.
        Minor => "minor",
        /// A child with limited dual citizenship, at any age up to the choice of citizenship:
        /// the parents' documents and statement, as for a minor.
        DualCitizenChild => "dual_citizen_child",
    }
}

/// Who applies and what for: what the documents depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocumentCase {
    pub birth_date: NaiveDate,
    /// The day the documents are judged: the appointment's, or today before one is booked.
    pub on: NaiveDate,
    /// Married, divorced or widowed: Indonesian law counts anyone who has married as adult.
    pub married: bool,
    /// A child with limited dual citizenship (anak berkewarganegaraan ganda).
    pub dual_citizen_child: bool,
    pub application_kind: ApplicationKind,
    pub purpose: TravelPurpose,
}

impl DocumentCase {
    /// Whose documents are asked for. Under 17 is a child until the 17th birthday (a
    /// 29 February birthday falls on 1 March in common years), as for the guardian rule.
    #[must_use]
    pub fn group(&self) -> ApplicantGroup {
        if self.dual_citizen_child {
            ApplicantGroup::DualCitizenChild
        } else if !needs_guardian(self.birth_date, self.on) {
            ApplicantGroup::Adult
        } else if self.married {
            ApplicantGroup::MarriedMinor
        } else {
            ApplicantGroup::Minor
        }
    }

    /// Whether the applicant is 17 or over on the day: a dual-citizen child of that age may
    /// hold an identity card of their own.
    fn of_identity_card_age(&self) -> bool {
        !needs_guardian(self.birth_date, self.on)
    }
}

/// What the person must bring and may be asked for, in the order the office checks them:
/// identity, family, birth (or marriage), the parents' papers for a child, then what the
/// replacement and the trip add.
#[must_use]
pub fn requirements(case: &DocumentCase) -> Vec<Requirement> {
    use DocumentPurpose as P;
    use Need::{Optional, Required};
    use ReplacementReason as R;

    let reason = case.application_kind.replacement_reason();
    let mut list = Vec::new();
    let mut add = |purpose, need| list.push(Requirement { purpose, need });
    match case.group() {
        group @ (ApplicantGroup::Adult | ApplicantGroup::MarriedMinor) => {
            // A passport that merely ran out or filled up is replaced on the identity card
            // and the old passport; the office asks for the rest when their data differ.
            let (family, birth) = match reason {
                None | Some(R::Lost) => (Required, Required),
                Some(R::Damaged | R::DataChange) => (Required, Optional),
                Some(R::Expired | R::PagesFull) => (Optional, Optional),
            };
            add(P::Identity, Required);
            add(P::FamilyRecord, family);
            if group == ApplicantGroup::MarriedMinor {
                // The marriage is what makes them adult: always shown.
                add(P::Marriage, Required);
            } else {
                add(P::BirthRecord, birth);
            }
        }
        group @ (ApplicantGroup::Minor | ApplicantGroup::DualCitizenChild) => {
            add(P::ParentIdentity, Required);
            if group == ApplicantGroup::DualCitizenChild && case.of_identity_card_age() {
                add(P::Identity, Optional);
            }
            add(P::FamilyRecord, Required);
            add(P::ChildBirthCertificate, Required);
            add(P::ParentsMarriage, Required);
            add(P::ParentalConsent, Required);
        }
    }
    match reason {
        None => {}
        Some(R::Expired | R::PagesFull | R::Damaged) => add(P::PreviousPassport, Required),
        Some(R::Lost) => add(P::LossReport, Required),
        Some(R::DataChange) => {
            add(P::PreviousPassport, Required);
            add(P::ChangeOfData, Required);
        }
    }
    if case.purpose == TravelPurpose::Work {
        add(P::WorkRecommendation, Required);
    }
    list
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::code::assert_codes;

    use ApplicationKind::{New, Replacement};
    use DocumentPurpose as P;
    use Need::{Optional, Required};
    use ReplacementReason as R;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The day the documents are judged in most cases.
    fn today() -> NaiveDate {
        d(2026, 11, 26)
    }

    fn case(birth_date: NaiveDate, application_kind: ApplicationKind) -> DocumentCase {
        DocumentCase {
            birth_date,
            on: today(),
            married: false,
            dual_citizen_child: false,
            application_kind,
            purpose: TravelPurpose::Tourism,
        }
    }

    fn adult(application_kind: ApplicationKind) -> DocumentCase {
        case(d(1990, 5, 15), application_kind)
    }

    fn child(application_kind: ApplicationKind) -> DocumentCase {
        case(d(2015, 3, 1), application_kind)
    }

    fn pairs(case: &DocumentCase) -> Vec<(DocumentPurpose, Need)> {
        requirements(case)
            .into_iter()
            .map(|r| (r.purpose, r.need))
            .collect()
    }

    fn every_application_kind() -> Vec<ApplicationKind> {
        let mut kinds = vec![New];
        kinds.extend(R::ALL.map(Replacement));
        kinds
    }

    #[test]
    fn codes() {
        assert_codes(&DocumentPurpose::ALL, DocumentPurpose::as_str);
        assert_codes(&Need::ALL, Need::as_str);
        assert_codes(&ApplicantGroup::ALL, ApplicantGroup::as_str);
    }

    #[test]
    fn every_purpose_is_met_by_kinds_of_its_own() {
        for purpose in DocumentPurpose::ALL {
            let kinds = purpose.kinds();
            assert!(!kinds.is_empty(), "{purpose}");
            let distinct: BTreeSet<_> = kinds.iter().collect();
            assert_eq!(distinct.len(), kinds.len(), "{purpose} repeats a kind");
            let requirement = Requirement {
                purpose,
                need: Required,
            };
            assert_eq!(requirement.usual_kind(), kinds[0]);
            assert_eq!(requirement.alternatives(), &kinds[1..]);
            for kind in DocumentKind::ALL {
                assert_eq!(
                    requirement.accepts(kind),
                    kinds.contains(&kind),
                    "{purpose} {kind}"
                );
            }
        }
        assert_eq!(
            P::BirthRecord.kinds(),
            [
                DocumentKind::BirthCertificate,
                DocumentKind::Diploma,
                DocumentKind::MarriageBook
            ]
        );
        assert_eq!(
            P::ParentsMarriage.kinds(),
            [DocumentKind::MarriageBook, DocumentKind::CourtDecree]
        );
    }

    #[test]
    fn an_adults_first_passport_needs_identity_family_and_birth_records() {
        assert_eq!(
            pairs(&adult(New)),
            [
                (P::Identity, Required),
                (P::FamilyRecord, Required),
                (P::BirthRecord, Required)
            ]
        );
    }

    #[test]
    fn an_adults_replacement_by_reason() {
        let expected = |reason| -> Vec<(DocumentPurpose, Need)> {
            match reason {
                R::Expired | R::PagesFull => vec![
                    (P::Identity, Required),
                    (P::FamilyRecord, Optional),
                    (P::BirthRecord, Optional),
                    (P::PreviousPassport, Required),
                ],
                R::Lost => vec![
                    (P::Identity, Required),
                    (P::FamilyRecord, Required),
                    (P::BirthRecord, Required),
                    (P::LossReport, Required),
                ],
                R::Damaged => vec![
                    (P::Identity, Required),
                    (P::FamilyRecord, Required),
                    (P::BirthRecord, Optional),
                    (P::PreviousPassport, Required),
                ],
                R::DataChange => vec![
                    (P::Identity, Required),
                    (P::FamilyRecord, Required),
                    (P::BirthRecord, Optional),
                    (P::PreviousPassport, Required),
                    (P::ChangeOfData, Required),
                ],
            }
        };
        for reason in R::ALL {
            assert_eq!(
                pairs(&adult(Replacement(reason))),
                expected(reason),
                "{reason}"
            );
        }
    }

    #[test]
    fn a_child_brings_the_parents_papers_whatever_the_application() {
        let base = [
            (P::ParentIdentity, Required),
            (P::FamilyRecord, Required),
            (P::ChildBirthCertificate, Required),
            (P::ParentsMarriage, Required),
            (P::ParentalConsent, Required),
        ];
        for kind in every_application_kind() {
            let extra: Vec<(DocumentPurpose, Need)> = match kind.replacement_reason() {
                None => vec![],
                Some(R::Expired | R::PagesFull | R::Damaged) => {
                    vec![(P::PreviousPassport, Required)]
                }
                Some(R::Lost) => vec![(P::LossReport, Required)],
                Some(R::DataChange) => {
                    vec![(P::PreviousPassport, Required), (P::ChangeOfData, Required)]
                }
            };
            let mut expected = base.to_vec();
            expected.extend(extra);
            assert_eq!(pairs(&child(kind)), expected, "{kind:?}");
            // A child has no identity card of their own to ask for.
            assert!(
                !requirements(&child(kind))
                    .iter()
                    .any(|r| r.accepts(DocumentKind::IdentityCard)),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn the_17th_birthday_turns_a_childs_documents_into_an_adults() {
        let birth = d(2009, 11, 26);
        let on = |day: NaiveDate| DocumentCase {
            on: day,
            ..case(birth, New)
        };
        assert_eq!(on(d(2026, 11, 25)).group(), ApplicantGroup::Minor);
        assert!(pairs(&on(d(2026, 11, 25))).contains(&(P::ParentIdentity, Required)));
        assert_eq!(on(d(2026, 11, 26)).group(), ApplicantGroup::Adult);
        assert_eq!(pairs(&on(d(2026, 11, 26))), pairs(&adult(New)));
        assert_eq!(on(d(2026, 11, 27)).group(), ApplicantGroup::Adult);
        // Judged on the appointment's day, not the day the draft was made.
        assert_eq!(on(d(2009, 11, 26)).group(), ApplicantGroup::Minor);
        // A birth date after the day is no one's yet: a child's documents.
        assert_eq!(on(d(2009, 11, 25)).group(), ApplicantGroup::Minor);
    }

    #[test]
    fn a_29_february_child_is_an_adult_from_1_march_in_a_common_year() {
        let birth = d(2008, 2, 29);
        let on = |day| DocumentCase {
            on: day,
            ..case(birth, New)
        };
        assert_eq!(on(d(2025, 2, 28)).group(), ApplicantGroup::Minor);
        assert_eq!(on(d(2025, 3, 1)).group(), ApplicantGroup::Adult);
    }

    #[test]
    fn a_married_minor_is_an_adult_who_shows_the_marriage() {
        let married = |kind| DocumentCase {
            married: true,
            ..child(kind)
        };
        assert_eq!(married(New).group(), ApplicantGroup::MarriedMinor);
        assert_eq!(
            pairs(&married(New)),
            [
                (P::Identity, Required),
                (P::FamilyRecord, Required),
                (P::Marriage, Required)
            ]
        );
        assert_eq!(
            pairs(&married(Replacement(R::Expired))),
            [
                (P::Identity, Required),
                (P::FamilyRecord, Optional),
                (P::Marriage, Required),
                (P::PreviousPassport, Required)
            ]
        );
        // Marriage changes nothing for an adult.
        let married_adult = DocumentCase {
            married: true,
            ..adult(New)
        };
        assert_eq!(married_adult.group(), ApplicantGroup::Adult);
        assert_eq!(pairs(&married_adult), pairs(&adult(New)));
    }

    #[test]
    fn a_dual_citizen_child_brings_a_childs_documents_at_any_age() {
        let dual = |birth| DocumentCase {
            dual_citizen_child: true,
            ..case(birth, New)
        };
        let childs = pairs(&child(New));
        assert_eq!(
            dual(d(2015, 3, 1)).group(),
            ApplicantGroup::DualCitizenChild
        );
        assert_eq!(pairs(&dual(d(2015, 3, 1))), childs);
        // The day before the 17th birthday, still no identity card of their own.
        assert_eq!(pairs(&dual(d(2009, 11, 27))), childs);
        // From the 17th birthday their own identity card may be asked for too.
        for birth in [d(2009, 11, 26), d(2006, 11, 27)] {
            let mut expected = childs.clone();
            expected.insert(1, (P::Identity, Optional));
            assert_eq!(pairs(&dual(birth)), expected, "born {birth}");
        }
        // Married or not, the parents' statement is what the directorate asks of them.
        let married = DocumentCase {
            married: true,
            ..dual(d(2015, 3, 1))
        };
        assert_eq!(married.group(), ApplicantGroup::DualCitizenChild);
    }

    #[test]
    fn work_abroad_adds_the_labour_office_recommendation_last() {
        for kind in every_application_kind() {
            for base in [adult(kind), child(kind)] {
                let working = DocumentCase {
                    purpose: TravelPurpose::Work,
                    ..base
                };
                let mut expected = pairs(&base);
                expected.push((P::WorkRecommendation, Required));
                assert_eq!(pairs(&working), expected, "{kind:?}");
            }
        }
        for purpose in TravelPurpose::ALL {
            let asked = pairs(&DocumentCase {
                purpose,
                ..adult(New)
            })
            .contains(&(P::WorkRecommendation, Required));
            assert_eq!(asked, purpose == TravelPurpose::Work, "{purpose}");
        }
    }

    #[test]
    fn every_case_asks_each_purpose_once_and_an_identity_always() {
        let births = [
            d(1990, 5, 15),
            d(2009, 11, 26),
            d(2009, 11, 27),
            d(2015, 3, 1),
        ];
        for birth_date in births {
            for application_kind in every_application_kind() {
                for married in [false, true] {
                    for dual_citizen_child in [false, true] {
                        for purpose in TravelPurpose::ALL {
                            let case = DocumentCase {
                                birth_date,
                                on: today(),
                                married,
                                dual_citizen_child,
                                application_kind,
                                purpose,
                            };
                            let list = requirements(&case);
                            let purposes: BTreeSet<_> = list.iter().map(|r| r.purpose).collect();
                            assert_eq!(purposes.len(), list.len(), "{case:?}");
                            let identity = list.iter().any(|r| {
                                r.is_required()
                                    && (r.purpose == P::Identity || r.purpose == P::ParentIdentity)
                            });
                            assert!(identity, "{case:?}");
                            assert!(
                                list.iter().any(|r| r.purpose == P::FamilyRecord),
                                "{case:?}"
                            );
                        }
                    }
                }
            }
        }
    }
}
