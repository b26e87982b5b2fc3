-- The same guest's booking as GuestBooking.sql, as one PL/pgSQL call: the same reads, locks and rows, with the seven
-- outbox messages written by one INSERT. The shape a stored procedure would give the booking: one statement from the
-- client, each of its own statements planned once per connection.
CREATE OR REPLACE FUNCTION bench_book_guest(n int) RETURNS void LANGUAGE plpgsql AS $function$
DECLARE
    v_email text := 'replay-' || n || '@example.com';
    v_start timestamptz := timestamptz '2031-01-01' + n * interval '30 minutes';
    v_client uuid := bench_id(n, 1);
    v_known uuid;
    v_has_account boolean;
BEGIN
    PERFORM p.id, p.accent_colour, p.booking_horizon_days, p.cancellation_window, p.contact_email, p.credentials, p.daily_session_cap, p.default_phone_region, p.introduction, p.minimum_notice, p.no_same_day_bookings, p.practice_name, p.slot_step_minutes, p.tagline, p.therapist_email, p.therapist_name, p.time_zone, p.video_call_link, p.welcome_message FROM practice_settings AS p LIMIT 2;
    PERFORM s.id, s.buffer_after, s.buffer_before, s.currency, s.description, s.display_order, s.duration, s.is_active, s.is_discovery_call, s.mode, s.name, s.price_minor_units, s.requires_completed_discovery, s.slug FROM session_types AS s WHERE s.slug = 'discovery-call' AND s.is_active LIMIT 2;
    PERFORM pg_advisory_xact_lock(hashtextextended('client-' || v_email, 0));
    PERFORM pg_advisory_xact_lock(hashtextextended('day-' || n, 0));
    SELECT c.id INTO v_known FROM clients AS c WHERE c.email_key = v_email LIMIT 2;
    PERFORM w.id, w.day, w."end", w.start FROM working_hours AS w;
    PERFORM a.id, a.date, a."end", a.kind, a.note, a.start FROM availability_exceptions AS a WHERE a.date >= v_start::date - 1 AND a.date <= v_start::date + 1;
    PERFORM * FROM (
        SELECT b.status IN ('PendingPayment', 'Confirmed') AS holds_time, b.starts_at, b.occupied_from, b.occupied_until, TRUE AS session FROM bookings AS b WHERE b.status IN ('PendingPayment', 'Confirmed', 'Completed', 'NoShow') AND b.occupied_until > v_start - interval '1 day' AND b.occupied_from < v_start + interval '1 day'
        UNION ALL SELECT TRUE, p.starts_at, p.occupied_from, p.occupied_until, TRUE FROM pending_bookings AS p WHERE p.occupied_until > v_start - interval '1 day' AND p.occupied_from < v_start + interval '1 day'
        UNION ALL SELECT TRUE, w.starts_at, w.occupied_from, w.occupied_until, TRUE FROM waitlist_offers AS w WHERE w.status = 'Open' AND w.occupied_until > v_start - interval '1 day' AND w.occupied_from < v_start + interval '1 day'
        UNION ALL SELECT TRUE, b0.start, b0.start, b0."end", FALSE FROM blocked_periods AS b0 WHERE b0."end" > v_start - interval '1 day' AND b0.start < v_start + interval '1 day') AS taken;
    SELECT EXISTS (SELECT 1 FROM user_accounts AS u WHERE u.email_key = v_email) INTO v_has_account;
    INSERT INTO clients (id, account_claimed_at, created_at, discovery_completed_at, email, email_key, erased_at, intake_submitted_at, intake_waived_at, may_book_another_discovery_call, name, phone, records_kept_until, stage, time_zone) VALUES (v_client, NULL, now(), NULL, v_email, v_email, NULL, NULL, NULL, FALSE, 'Storm Guest', '+447911123456', NULL, 'DiscoveryBooked', 'Europe/London');
    INSERT INTO client_consents (id, client_id, given_at, kind, source, version) VALUES (bench_uuid7(), v_client, now(), 'PrivacyNotice', 'booking form', '2026-12-02');
    INSERT INTO client_stage_changes (id, at, client_id, "from", "to") VALUES (bench_uuid7(), now(), v_client, 'Prospect', 'DiscoveryBooked');
    INSERT INTO bookings (id, cancellation_kind, cancelled_at, client_id, client_note, created_at, ends_at, hold_expires_at, is_discovery_call, occupied_from, occupied_until, session_type_id, starts_at, status) VALUES (bench_id(n, 2), NULL, NULL, v_client, NULL, now(), v_start + interval '20 minutes', NULL, TRUE, v_start, v_start + interval '30 minutes', (SELECT id FROM session_types WHERE slug = 'discovery-call'), v_start, 'Confirmed');
    INSERT INTO magic_links (id, consumed_at, created_at, email_key, expires_at, purpose, superseded_at, token_hash) VALUES (bench_uuid7(), NULL, now(), v_email, now() + interval '7 days', 'Claim', NULL, sha256(convert_to('claim-' || n, 'UTF8')));
    INSERT INTO outbox_messages (id, attempts, created_at, dead_lettered_at, deduplication_key, lane, last_error, lease_id, locked_until, next_attempt_at, payload, processed_at, trace_parent, type) SELECT bench_uuid7(), 0, now(), NULL, 'booking-' || n || '-' || k, 'default', NULL, NULL, NULL, now() + due_in, payload, NULL, '00-e50a0e8045c16df910f9a4e78890340f-971c748500f7e74e-01', type FROM bench_booking_messages;
END
$function$;
