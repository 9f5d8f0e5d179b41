-- The DPO's denials, alerts and actor activity (query.audit.alert), written by streaming projections.
-- No table here holds a member's personal data: denials name no member, alerts carry event ids as
-- evidence, activity names aggregates and event types only. A login under an unknown name is kept
-- as a keyed hash of the name (attempted_user_key), never the name.

-- One row per AccessDenied event.
create table access_denial (
    denial_id          varchar(64) primary key,
    denied_at          timestamptz not null,
    kind               varchar(32) not null,
    method             varchar(16),
    endpoint           text,
    actor_user         text,
    actor_role         varchar(32),
    actor_organisation varchar(64),
    client_address     text,
    correlation_id     text,
    attempted_user_key varchar(64)
);
create index access_denial_actor on access_denial (actor_user, denied_at);

-- One row per alert: its id is derived from rule, subject and window start, so a replay makes the same rows.
create table audit_alert (
    alert_id        varchar(64) primary key,
    rule            varchar(32) not null,
    subject         text        not null,
    actor_user      text,
    client_address  text,
    raised_at       timestamptz not null,
    window_start    timestamptz not null,
    window_end      timestamptz not null,
    count           integer     not null,
    threshold       integer     not null,
    evidence        text[]      not null,
    state           varchar(16) not null,
    acknowledged_by text,
    acknowledged_at timestamptz,
    note            text
);
create index audit_alert_state on audit_alert (state, raised_at);
create index audit_alert_subject on audit_alert (rule, subject, window_end);

-- What the rules count: one row per (rule, subject, event, item: a member id or the event id again).
create table alert_signal (
    rule     varchar(32) not null,
    subject  text        not null,
    event_id varchar(64) not null,
    item     varchar(64) not null,
    at       timestamptz not null,
    primary key (rule, subject, event_id, item)
);
create index alert_signal_window on alert_signal (rule, subject, at);

-- One row per stored event whose metadata names an actor (reads and denials have tables of their own).
create table actor_activity (
    event_id       varchar(64) primary key,
    position       bigint,
    at             timestamptz not null,
    actor_user     text        not null,
    aggregate_type text,
    aggregate_id   varchar(64),
    sequence       bigint,
    type           text        not null
);
create index actor_activity_actor on actor_activity (actor_user, at, position);
