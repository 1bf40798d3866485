//! The one hand-written, portable Diesel schema shared by SQLite and PostgreSQL.
//!
//! Only portable SQL types appear here (`Text`, `Integer`, `BigInt`, `Bool`, `Binary`,
//! `Date`, `Timestamp`), so that a single query path serves both backends through
//! `MultiConnection`. Timestamps are UTC; coordinates are micro-degrees; times of day are
//! minutes after local midnight in the office's time zone.

diesel::table! {
    offices (id) {
        id -> Text,
        name -> Text,
        kind -> Text,
        office_class -> Text,
        address -> Text,
        city -> Text,
        province -> Text,
        latitude_e6 -> Integer,
        longitude_e6 -> Integer,
        time_zone -> Text,
        opens_minute -> Integer,
        closes_minute -> Integer,
        e_passport_available -> Bool,
        electronic_only -> Bool,
        release_rules -> Text,
        priority_child_under_age -> Integer,
        priority_elderly_from_age -> Integer,
        priority_pregnant -> Bool,
        priority_breastfeeding -> Bool,
        priority_disability -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        delivers_by_post -> Bool,
    }
}

diesel::table! {
    session_templates (id) {
        id -> Text,
        office_id -> Text,
        weekday -> Integer,
        starts_minute -> Integer,
        ends_minute -> Integer,
        capacity_regular -> Integer,
        capacity_same_day -> Integer,
        capacity_priority -> Integer,
        kind_limit_electronic -> Nullable<Integer>,
        kind_limit_non_electronic -> Nullable<Integer>,
    }
}

diesel::table! {
    office_sessions (id) {
        id -> Text,
        office_id -> Text,
        session_date -> Date,
        starts_minute -> Integer,
        ends_minute -> Integer,
        capacity_regular -> Integer,
        capacity_same_day -> Integer,
        capacity_priority -> Integer,
        release_at -> Timestamp,
        created_at -> Timestamp,
        closed -> Bool,
        kind_limit_electronic -> Nullable<Integer>,
        kind_limit_non_electronic -> Nullable<Integer>,
        walk_in_only -> Bool,
    }
}

diesel::table! {
    bookings (id) {
        id -> Text,
        session_id -> Text,
        channel -> Text,
        hold_deadline -> Nullable<Timestamp>,
        released_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        application_id -> Nullable<Text>,
        billing_code -> Nullable<Text>,
        amount -> Nullable<BigInt>,
        offer -> Bool,
        held_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    settlement_reports (id) {
        id -> Text,
        content_sha256 -> Text,
        imported_by -> Text,
        imported_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
        line_count -> Integer,
    }
}

diesel::table! {
    settlement_lines (id) {
        id -> Text,
        report_id -> Text,
        line_number -> Integer,
        billing_code -> Text,
        amount -> BigInt,
        ntpn -> Text,
        paid_at -> Timestamp,
        channel -> Nullable<Text>,
        outcome -> Text,
        reason -> Nullable<Text>,
        application_id -> Nullable<Text>,
        session_id -> Nullable<Text>,
        reconciled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    waitlist_entries (id) {
        id -> Text,
        application_id -> Text,
        office_id -> Text,
        from_date -> Date,
        to_date -> Date,
        channel -> Text,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    payments (id) {
        id -> Text,
        event_id -> Text,
        billing_code -> Text,
        amount -> BigInt,
        paid_at -> Timestamp,
        status -> Text,
        application_id -> Nullable<Text>,
        received_at -> Timestamp,
        settlement_resolution -> Nullable<Text>,
        settlement_note -> Nullable<Text>,
        settled_by -> Nullable<Text>,
        settled_at -> Nullable<Timestamp>,
        ntpn -> Nullable<Text>,
        channel -> Nullable<Text>,
    }
}

diesel::table! {
    tariff_schedules (code) {
        code -> Text,
        name -> Text,
        effective_from -> Date,
        enabled -> Bool,
    }
}

diesel::table! {
    validity_rule_sets (code) {
        code -> Text,
        name -> Text,
        effective_from -> Date,
        enabled -> Bool,
        adult_age -> Integer,
        married_as_adult -> Bool,
        adult_years -> Text,
        minor_years -> Integer,
        dual_citizen_child_years -> Integer,
        dual_citizen_choice_age -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    tariff_prices (schedule_code, item) {
        schedule_code -> Text,
        item -> Text,
        amount -> BigInt,
    }
}

diesel::table! {
    outbox_messages (id) {
        id -> Text,
        channel -> Text,
        recipient -> Text,
        subject -> Text,
        body -> Text,
        code -> Nullable<Text>,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        phone -> Text,
        full_name -> Text,
        password_hash -> Text,
        role -> Text,
        office_id -> Nullable<Text>,
        email_verified_at -> Nullable<Timestamp>,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        disabled_at -> Nullable<Timestamp>,
        language -> Text,
        phone_verified_at -> Nullable<Timestamp>,
        whatsapp_opted_in_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    phone_codes (id) {
        id -> Text,
        user_id -> Text,
        phone -> Text,
        code_hash -> Text,
        issued_at -> Timestamp,
        attempts -> Integer,
        spent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    one_time_codes (id) {
        id -> Text,
        user_id -> Text,
        purpose -> Text,
        code_hash -> Text,
        issued_at -> Timestamp,
        attempts -> Integer,
        spent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        issued_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    applicants (id) {
        id -> Text,
        account_id -> Nullable<Text>,
        nik -> Text,
        full_name -> Text,
        place_of_birth -> Text,
        birth_date -> Date,
        sex -> Text,
        address -> Text,
        father_name -> Text,
        mother_name -> Text,
        marital_status -> Text,
        dual_citizen_child -> Bool,
        previous_passport_number -> Nullable<Text>,
        guardian_nik -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    applications (id) {
        id -> Text,
        account_id -> Nullable<Text>,
        applicant_id -> Text,
        nik -> Text,
        status -> Text,
        active -> Bool,
        passport_kind -> Text,
        application_kind -> Text,
        replacement_reason -> Nullable<Text>,
        service -> Text,
        travel_purpose -> Text,
        destination_country -> Text,
        planned_departure -> Nullable<Date>,
        address_abroad -> Nullable<Text>,
        length_of_stay_days -> Nullable<Integer>,
        contact_name -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        has_return_ticket -> Nullable<Bool>,
        accommodation -> Nullable<Text>,
        labour_recommendation_letter -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        reschedules -> Integer,
        validity_years -> Nullable<Integer>,
        office_id -> Nullable<Text>,
    }
}

diesel::table! {
    application_history (id) {
        id -> Text,
        application_id -> Text,
        status -> Text,
        note -> Nullable<Text>,
        at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (account_id, key) {
        account_id -> Text,
        key -> Text,
        request_hash -> Text,
        status -> Nullable<Integer>,
        response_headers -> Nullable<Text>,
        response_body -> Nullable<Binary>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    devices (id) {
        id -> Text,
        account_id -> Text,
        platform -> Text,
        token -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    application_documents (application_id, kind) {
        application_id -> Text,
        kind -> Text,
        media_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        storage_key -> Text,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    audit_records (id) {
        id -> Text,
        at -> Timestamp,
        actor_id -> Text,
        actor_role -> Text,
        office_id -> Nullable<Text>,
        action -> Text,
        object_type -> Text,
        object_id -> Text,
        before_state -> Nullable<Text>,
        after_state -> Nullable<Text>,
    }
}

diesel::table! {
    walk_ins (application_id) {
        application_id -> Text,
        office_id -> Text,
        visit_date -> Date,
        kind -> Text,
        priority_grounds -> Text,
        disaster -> Bool,
        examination_reference -> Nullable<Text>,
        registered_by -> Text,
        registered_at -> Timestamp,
    }
}

diesel::table! {
    office_holidays (office_id, holiday_date) {
        office_id -> Text,
        holiday_date -> Date,
        name -> Text,
    }
}

diesel::table! {
    office_walk_in_only_days (office_id, walk_in_date) {
        office_id -> Text,
        walk_in_date -> Date,
        reason_id -> Text,
        reason_en -> Text,
        set_by -> Text,
        set_at -> Timestamp,
    }
}

diesel::table! {
    application_deliveries (application_id) {
        application_id -> Text,
        recipient_name -> Text,
        phone -> Text,
        address_line1 -> Text,
        address_line2 -> Nullable<Text>,
        city -> Text,
        province -> Text,
        postal_code -> Text,
        fee -> BigInt,
        fee_payment -> Text,
        chosen_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    passport_dispatches (passport_id) {
        passport_id -> Text,
        courier -> Text,
        tracking_number -> Text,
        officer_id -> Text,
        dispatched_at -> Timestamp,
    }
}

diesel::table! {
    passports (id) {
        id -> Text,
        number -> Text,
        application_id -> Text,
        office_id -> Text,
        kind -> Text,
        chip -> Bool,
        holder_name -> Text,
        holder_nik -> Text,
        issue_date -> Date,
        expiry_date -> Date,
        ready_date -> Date,
        collect_by -> Date,
        status -> Text,
        issued_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    passport_hand_overs (passport_id) {
        passport_id -> Text,
        recipient -> Text,
        recipient_name -> Text,
        recipient_nik -> Nullable<Text>,
        family_card_number -> Nullable<Text>,
        power_of_attorney_reference -> Nullable<Text>,
        officer_id -> Text,
        handed_over_at -> Timestamp,
    }
}

diesel::table! {
    application_document_checks (application_id) {
        application_id -> Text,
        missing -> Text,
        deadline -> Nullable<Date>,
        due_at -> Nullable<Timestamp>,
        checked_at -> Timestamp,
        checked_by -> Text,
        presented -> Text,
    }
}

diesel::table! {
    application_biometrics (application_id) {
        application_id -> Text,
        photo_reference -> Text,
        fingerprints_reference -> Text,
        station_id -> Text,
        captured_at -> Timestamp,
        captured_by -> Text,
    }
}

diesel::table! {
    application_interviews (application_id) {
        application_id -> Text,
        answers -> Text,
        notes -> Nullable<Text>,
        recorded_at -> Timestamp,
        recorded_by -> Text,
    }
}

diesel::table! {
    application_decisions (application_id) {
        application_id -> Text,
        nik -> Text,
        outcome -> Text,
        reason_code -> Nullable<Text>,
        hold_until -> Nullable<Date>,
        notes -> Nullable<Text>,
        decided_at -> Timestamp,
        decided_by -> Text,
    }
}

diesel::table! {
    applied_settings (name) {
        name -> Text,
        value -> Text,
        applied_at -> Timestamp,
    }
}

diesel::table! {
    integrator_clients (id) {
        id -> Text,
        name -> Text,
        secret_hash -> Text,
        scopes -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_subscriptions (id) {
        id -> Text,
        client_id -> Text,
        url -> Text,
        events -> Text,
        secret -> Text,
        created_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_events (id) {
        id -> Text,
        event_type -> Text,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        subscription_id -> Text,
        event_id -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        retry_until -> Timestamp,
        created_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Text,
        delivery_id -> Text,
        attempted_at -> Timestamp,
        duration_ms -> Integer,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
        succeeded -> Bool,
    }
}

diesel::table! {
    sign_in_failures (subject, address) {
        subject -> Text,
        address -> Text,
        failures -> Integer,
        since -> Timestamp,
        blocked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sign_in_addresses (account_id, address) {
        account_id -> Text,
        address -> Text,
        last_success_at -> Timestamp,
    }
}

diesel::table! {
    rate_limits (key) {
        key -> Text,
        next_at -> Timestamp,
    }
}

diesel::table! {
    booking_limits (id) {
        id -> Integer,
        lapses_before_cooldown -> Integer,
        lapse_window_days -> Integer,
        cooldown_days -> Integer,
        holds_per_account -> Integer,
        bookings_per_release -> Integer,
        updated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    screening_policies (version) {
        version -> Integer,
        watched_age_from -> Integer,
        watched_age_to -> Integer,
        long_tourist_stay_days -> Integer,
        watched_destinations -> Text,
        created_at -> Nullable<Timestamp>,
        created_by -> Nullable<Text>,
    }
}

diesel::table! {
    screenings (id) {
        id -> Text,
        application_id -> Text,
        policy_version -> Integer,
        indicators -> Text,
        screened_at -> Timestamp,
        screened_by -> Text,
    }
}

diesel::joinable!(session_templates -> offices (office_id));
diesel::joinable!(office_sessions -> offices (office_id));
diesel::joinable!(bookings -> office_sessions (session_id));
diesel::joinable!(tariff_prices -> tariff_schedules (schedule_code));
diesel::joinable!(users -> offices (office_id));
diesel::joinable!(one_time_codes -> users (user_id));
diesel::joinable!(phone_codes -> users (user_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(applicants -> users (account_id));
diesel::joinable!(applications -> applicants (applicant_id));
diesel::joinable!(application_history -> applications (application_id));
diesel::joinable!(devices -> users (account_id));
diesel::joinable!(application_documents -> applications (application_id));
diesel::joinable!(office_holidays -> offices (office_id));
diesel::joinable!(walk_ins -> applications (application_id));
diesel::joinable!(passports -> applications (application_id));
diesel::joinable!(passports -> offices (office_id));
diesel::joinable!(passport_hand_overs -> passports (passport_id));
diesel::joinable!(passport_dispatches -> passports (passport_id));
diesel::joinable!(application_document_checks -> applications (application_id));
diesel::joinable!(application_biometrics -> applications (application_id));
diesel::joinable!(application_interviews -> applications (application_id));
diesel::joinable!(application_decisions -> applications (application_id));
diesel::joinable!(webhook_subscriptions -> integrator_clients (client_id));
diesel::joinable!(webhook_deliveries -> webhook_subscriptions (subscription_id));
diesel::joinable!(webhook_deliveries -> webhook_events (event_id));
diesel::table! {
    rejected_payment_notices (id) {
        id -> Text,
        received_at -> Timestamp,
        sender -> Text,
        status -> Integer,
        field -> Nullable<Text>,
        reason -> Text,
        body -> Text,
        body_bytes -> BigInt,
    }
}

diesel::table! {
    service_status (id) {
        id -> Integer,
        state -> Text,
        message_id -> Text,
        message_en -> Text,
        since -> Nullable<Timestamp>,
    }
}

diesel::table! {
    application_restarts (from_application_id) {
        from_application_id -> Text,
        to_application_id -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    document_reads (id) {
        id -> Text,
        application_id -> Text,
        kind -> Text,
        office_id -> Text,
        staff_account_id -> Text,
        read_at -> Timestamp,
    }
}

diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));
diesel::joinable!(sign_in_addresses -> users (account_id));

diesel::table! {
    reminders_sent (kind, application_id, occasion) {
        kind -> Text,
        application_id -> Text,
        occasion -> Text,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    retention_holds (application_id) {
        application_id -> Text,
        kept_until -> Timestamp,
        held_at -> Timestamp,
    }
}

diesel::table! {
    pending_file_deletions (storage_key) {
        storage_key -> Text,
        since -> Timestamp,
        attempts -> Integer,
    }
}

diesel::table! {
    erasure_permits (table_name, row_key) {
        table_name -> Text,
        row_key -> Text,
    }
}

diesel::table! {
    consents (id) {
        id -> Text,
        user_id -> Text,
        purpose -> Text,
        version -> Text,
        granted_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    applicant_corrections (id) {
        id -> Text,
        applicant_id -> Text,
        fields -> Text,
        corrected_by -> Text,
        officer_id -> Nullable<Text>,
        office_id -> Nullable<Text>,
        reason -> Nullable<Text>,
        at -> Timestamp,
    }
}

diesel::table! {
    data_exports (id) {
        id -> Text,
        account_id -> Text,
        state -> Text,
        steps_done -> Integer,
        steps_total -> Integer,
        requested_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        ready_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
        archive -> Nullable<Binary>,
        archive_bytes -> Nullable<BigInt>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    offices,
    session_templates,
    office_sessions,
    bookings,
    tariff_schedules,
    tariff_prices,
    validity_rule_sets,
    users,
    one_time_codes,
    phone_codes,
    refresh_tokens,
    outbox_messages,
    applicants,
    applications,
    application_history,
    application_documents,
    payments,
    rejected_payment_notices,
    waitlist_entries,
    idempotency_keys,
    devices,
    audit_records,
    office_holidays,
    office_walk_in_only_days,
    application_deliveries,
    passport_dispatches,
    walk_ins,
    passports,
    passport_hand_overs,
    application_document_checks,
    application_biometrics,
    application_interviews,
    application_decisions,
    applied_settings,
    integrator_clients,
    webhook_subscriptions,
    webhook_events,
    webhook_deliveries,
    webhook_attempts,
    sign_in_failures,
    sign_in_addresses,
    rate_limits,
    booking_limits,
    screening_policies,
    screenings,
    reminders_sent,
    service_status,
    application_restarts,
    document_reads,
    consents,
    applicant_corrections,
    data_exports,
);

// The live app bookings of each passport kind per session (availability's count).
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    bookings::session_id,
    applications::passport_kind,
);
