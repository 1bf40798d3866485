# The person's data rights: consents, corrections, exports.

thing-consent_purpose = consent purpose
thing-data_export = export
consent-notice-version-not-current = is not the privacy notice in force ({ $current }): show the person the current notice
consent-privacy-notice-while-open = the consent to the privacy notice lasts as long as the account: to end it, close the account
privacy-account-closed = the account is closed
export-not-ready = the export's archive cannot be downloaded: the export is { $state }
export-state-pending = waiting to be built
export-state-building = being built
export-state-ready = ready
export-state-failed = failed; ask for a new export
export-state-expired = expired; ask for a new export
correction-officer-only = { $fields } were checked at the office against the original documents: only an officer of that office may correct them now
correction-no-office-application = no application of this applicant is held by your office
correction-nothing = names no field to correct

## An officer corrected an applicant's data.
# $name: the applicant's full name as it now is; $fields: the fields corrected; $reason: why.
correction-made-subject = Your application data was corrected by the immigration office
correction-made-body =
    An officer of the immigration office corrected the data of { $name }: { $fields }.

    Reason: { $reason }

    The corrections are listed in the app with the applicant. If something is wrong, contact the office.
correction-made-push-title = Data corrected by the office
correction-made-push-body = An officer corrected the data of { $name }.
