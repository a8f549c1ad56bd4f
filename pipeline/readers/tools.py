"""What each survey tool adds to an export besides the answers: its own columns, by role.

Every tool appends metadata (response ids, timestamps, status, version, tags, IP address,
location, duration, language, device…). None of it is a question. Per tool this table says which
column is the respondent id, which is the submission date and which are other metadata (dropped
at ingest: default-deny). Names are compared case-insensitively without spaces, '_', '-', '/'.
Sources: ../shared/samples/FORMATS.md §2–3 and the tools' own exports.
"""

from __future__ import annotations

import re

# Each tool: "id" (candidates for respondent.id, in order of preference), "date" (the submission
# date, in order of preference), "meta" (every other column of the tool itself) and "patterns"
# (regular expressions on the lower-case name, e.g. geopoint parts).
TOOL_COLUMNS: dict[str, dict[str, list[str]]] = {
    "kobotoolbox": {
        "id": ["_uuid", "_id", "meta/instanceID"],
        "date": ["_submission_time", "end", "start", "today"],
        "meta": ["start", "end", "today", "deviceid", "username", "phonenumber", "simserial", "subscriberid",
                 "audit", "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
                 "_submitted_by", "__version__", "_version_", "_tags", "_index", "_attachments", "_geolocation",
                 "_parent_index", "_parent_table_name", "_xform_id_string", "meta/instanceID",
                 "meta/deprecatedID", "meta/rootUuid", "formhub/uuid", "instanceID"],
        "patterns": [r"^_.*_(latitude|longitude|altitude|precision)$", r"(^|/)meta/"],
    },
    "odk": {
        "id": ["KEY", "meta-instanceID", "instanceID"],
        "date": ["SubmissionDate", "end", "start", "today"],
        "meta": ["SubmissionDate", "KEY", "PARENT_KEY", "meta-instanceID", "instanceID", "SubmitterID",
                 "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState",
                 "DeviceID", "Edits", "FormVersion", "start", "end", "today", "deviceid", "username",
                 "phonenumber", "simserial", "subscriberid", "audit"],
        "patterns": [r"-(latitude|longitude|altitude|accuracy)$", r"(^|-)meta-"],
    },
    "qualtrics": {
        "id": ["ResponseId", "ResponseID", "V1"],
        "date": ["RecordedDate", "EndDate", "StartDate", "V9", "V8"],
        "meta": ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
                 "RecordedDate", "ResponseId", "ResponseID", "ResponseSet", "RecipientLastName",
                 "RecipientFirstName", "RecipientEmail", "ExternalReference", "ExternalDataReference", "Name",
                 "EmailAddress", "LocationLatitude", "LocationLongitude", "LocationAccuracy",
                 "DistributionChannel", "UserLanguage", "Q_RecaptchaScore", "Q_RelevantIDDuplicate",
                 "Q_RelevantIDDuplicateScore", "Q_RelevantIDFraudScore", "Q_RelevantIDLastStartDate",
                 "Q_TotalDuration", "Q_BallotBoxStuffing", "Q_URL", "Q_Language"],
        # legacy exports name the first ten columns V1..V10 (labels in the second header row)
        "patterns": [r"^v([1-9]|10)$", r"^q_", r" - topics$", r" - sentiment( score| polarity)?$",
                     r" - parent topics$",
                     # the order a randomised question or block was shown in ("Q2_DO", "FL_5_DO"): no answer
                     r"_do$", r" - display order$"],
    },
    "surveymonkey": {
        "id": ["Respondent ID", "RespondentID"],
        "date": ["End Date", "EndDate", "Start Date", "StartDate"],
        "meta": ["Respondent ID", "RespondentID", "Collector ID", "CollectorID", "Start Date", "StartDate",
                 "End Date", "EndDate", "IP Address", "Email Address", "First Name", "Last Name",
                 "Custom Data", "Custom Data 1"],
        "patterns": [r"^custom data \d+$"],
    },
    "limesurvey": {
        "id": ["id", "Response ID"],
        "date": ["submitdate", "Date submitted", "datestamp", "Date last action", "startdate", "Date started"],
        "meta": ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr",
                 "refurl", "token", "firstname", "lastname", "email", "interviewtime", "Response ID",
                 "Date submitted", "Last page", "Start language", "Seed", "Date started", "Date last action",
                 "IP address", "Referrer URL", "Total time"],
        "patterns": [r"^attribute_\d+$", r"^\w*\d+time$", r"^(group|question) time:"],
    },
    "ms_forms": {
        "id": ["ID", "Id"],
        "date": ["Completion time", "Tijd van voltooien", "Heure de fin", "Fertigstellungszeit", "Start time",
                 "Begintijd", "Heure de début", "Startzeit"],
        "meta": ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Begintijd",
                 "Tijd van voltooien", "E-mail", "Naam", "Tijd van laatste wijziging", "Heure de début",
                 "Heure de fin", "Adresse de messagerie", "Nom", "Startzeit", "Fertigstellungszeit",
                 "Total points", "Quiz feedback", "Totaal aantal punten", "Feedback van quiz"],
        "patterns": [r"^(points|feedback|punten) - "],
    },
    "google_forms": {
        "id": [],
        "date": ["Timestamp", "Tijdstempel", "Horodateur", "Zeitstempel", "Marca temporal"],
        "meta": ["Timestamp", "Tijdstempel", "Horodateur", "Zeitstempel", "Marca temporal", "Email Address",
                 "E-mailadres", "Adresse e-mail", "E-Mail-Adresse", "Score", "Totale score"],
        "patterns": [],
    },
    "eusurvey": {
        "id": ["Contribution Id", "Contribution ID"],
        "date": ["Creation Date", "Creation date", "Last Update", "Last update"],
        "meta": ["Contribution Id", "Invitation Number", "User Name", "Creation Date", "Last Update",
                 "Languages", "Language"],
        "patterns": [],
    },
}
# SPSS files carry whatever the source tool put in: a Qualtrics .sav has IPAddress, ResponseId …
TOOL_COLUMNS["spss"] = {
    "id": TOOL_COLUMNS["qualtrics"]["id"][:2] + ["Respondent ID", "RespondentID", "_uuid"],
    "date": TOOL_COLUMNS["qualtrics"]["date"][:3],
    "meta": [c for c in TOOL_COLUMNS["qualtrics"]["meta"] if c != "Name"],
    "patterns": [],
}


# How a report names the tool ("Vragenlijst via …"): the codebook's top-level `tool`.
DISPLAY_NAMES = {
    "ms_forms": "Microsoft Forms", "google_forms": "Google Forms", "kobotoolbox": "KoboToolbox",
    "limesurvey": "LimeSurvey", "qualtrics": "Qualtrics", "surveymonkey": "SurveyMonkey", "eusurvey": "EUSurvey",
    "odk": "ODK Central", "spss": "SPSS", "csv": "een CSV-bestand", "xlsx": "een Excelbestand",
}


def key(name: str) -> str:
    """Column names compared without case, spaces, '_', '-', '/' and '.'."""
    return re.sub(r"[\s_\-/.]+", "", str(name)).casefold()


def role(tool: str, column: str) -> str | None:
    """'id', 'date' or 'meta' when ``column`` is one of the tool's own columns, else None."""
    spec = TOOL_COLUMNS.get(tool)
    if spec is None:
        return None
    k = key(column)
    if k in {key(c) for c in spec["id"]}:
        return "id"
    if k in {key(c) for c in spec["date"]}:
        return "date"
    if k in {key(c) for c in spec["meta"]}:
        return "meta"
    low = str(column).strip().lower()
    if any(re.search(p, low) for p in spec["patterns"]):
        return "meta"
    return None


def preferred(tool: str, kind: str, columns: list[str]) -> list[str]:
    """The export's columns that can serve as the respondent id ('id') or date ('date'), best first."""
    spec = TOOL_COLUMNS.get(tool, {})
    by_key = {key(c): c for c in columns}
    return [by_key[key(c)] for c in spec.get(kind, []) if key(c) in by_key]
