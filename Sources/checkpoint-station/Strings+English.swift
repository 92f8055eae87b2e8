extension Strings {
    /// English: the default, and for every locale not starting with `zh`.
    static let english: [String: String] = [
        "errorNoStation":
            "no station id: give --station ID (the id the operator registered with checkpointctl station add)",
        "errorBadStation":
            "--station {1} is not a valid id: 1-32 of A-Z a-z 0-9 _ . - starting with a letter or digit",
        "errorBadBackoff": "--backoff-max must be between 0.1 and 3600 seconds",
        "errorBadRetention": "--retention-days must be a whole number of days from 1 to 3650",
        "errorBadRetryFor": "--retry-for must be 0 seconds or more",
        "errorNoSpool": "cannot find a place for the spool: set HOME or XDG_STATE_HOME, or give --spool DIR",
        "errorNoToken":
            "no token for station {1}: put it in a file only you can read (chmod 600) and give --token-file "
            + "FILE, or set CHECKPOINT_TOKEN; never put it on the command line",
        "hintTokenFile": "check the path given to --token-file and its permissions",
        "errorTokenFileMissing":
            "the token file {1} does not exist; ask the operator for the station's token (checkpointctl "
            + "station add or rotate) and save it there",
        "errorTokenFileEmpty":
            "the token file {1} is empty or holds more than one word; it must contain just the token",
        "errorInputMissing": "the file {1} does not exist; give a CSV file, or - to read standard input",
        "hintInputFile": "check the file name and its permissions",
        "errorRefused":
            "the daemon refused station {1} ({2}); the records stay in the spool. Ask the operator to check "
            + "the station (checkpointctl station list) and for a new token (checkpointctl station rotate {1})",
        "errorNotTerminal":
            "the interactive screen needs a terminal; for files and scripts use: checkpoint-station send FILE",
        "errorNotSaved": "NOT SAVED: {1}",
        "flashProblem": "PROBLEM: {1}",
        "unreadableSpoolLines": "{1} spool lines could not be read back and were moved to {2}",
        "summaryCounts": "sent {1} · fever {2} · violation {3} · new quarantine {4} · rejected {5} · waiting {6}",
        "summaryRejectedLine": "rejected line {1}: {2}",
        "summaryRejectedSeq": "rejected seq {1} (from an earlier run): {2}",
        "summaryRejectedFile": "rejected records are kept in {1}",
        "summaryWaiting":
            "{1} records wait in the spool {2}: the daemon could not be reached. They are safe; run "
            + "checkpoint-station send again later (send /dev/null sends only those).",
        "summaryRenumbered":
            "{1} records had seq numbers used before (a new or reset spool) and were sent under new numbers",
        "summaryCheckID":
            "{1} records were of a phone several people share and got check-id: send them again with the id column "
            + "(the resident ID or other:ID scanned with the phone)",
        "summaryVisitor":
            "{1} records got visitor: not on the resident roster of the gate's grid (verify whom they visited)",
        "summaryNotice":
            "{1} records got notice: a home resident over the household's outing quota or out too long",
        "flashRenumbered": "seq {1} had been used before (new or reset spool); sent again as seq {2}",
        "quitWaiting": "{1} records wait in the spool {2}; they are sent the next time checkpoint-station runs.",
        "feverThreshold": "fever ≥ {1}",
        "stateOnline": "online",
        "stateConnecting": "connecting…",
        "stateOffline": "OFFLINE — next try in {1} s",
        "stateRefused": "token refused ({1}) — ask the operator",
        "statusSent": "sent today {1}",
        "statusFevers": "fevers today {1}",
        "statusWaiting": "waiting {1}",
        "modeLabel": "Mode",
        "modeTemp": "TEMP only",
        "modeIn": "IN",
        "modeOut": "OUT",
        "outsideNext": "next ENTRY from outside the city (x cancels)",
        "keysHelp": "i in · o out · t temp only · x from outside the city · : other ID · Esc clear · Ctrl-C quit",
        "promptPerson": "Person",
        "promptTemperature": "Temp °C",
        "hintPerson": "type or scan the phone number or ID, then Enter",
        "hintTemperature": "type the reading (36.6 or 366), then Enter",
        "hintTemperatureOptional": "type the reading, or just Enter to record without one",
        "noticeBadPerson": "not a valid phone number or ID — scan or type it again",
        "noticeBadTemperature": "not a valid temperature (30.0–45.0 °C) — measure again",
        "noticeNeedTemperature": "type the temperature first",
        "noticeAbandoned": "new person scanned; the previous one had no temperature and was NOT recorded",
        "readyHint": "ready for the next person",
        "recentTitle": "Recent",
        "kindTemp": "temp",
        "kindEntry": "in",
        "kindEntryOutside": "in (from outside the city)",
        "kindExit": "out",
        "temperatureValue": "{1} °C",
        "verdictPass": "PASS",
        "verdictFever": "FEVER",
        "verdictViolation": "QUARANTINE VIOLATION",
        "verdictMayNotStartWork": "in quarantine: may not start work",
        "checkpointWorkplace": "workplace",
        "checkpointVisit": "home visit",
        "verdictQuarantine": "NEW QUARANTINE until {1}",
        "verdictCheckID": "SCAN THE ID CARD (shared phone)",
        "verdictVisitor": "visitor: verify",
        "verdictNotice": "notice: over the household's outing quota or out too long",
        "verdictOffline": "saved offline — not checked",
        "verdictChecking": "checking…",
        "verdictRejected": "REJECTED ({1})",
        "flashLate": "earlier record {1}: {2}",
        "flashRejected": "{1} was rejected ({2}): {3} — kept in the rejected file",
        "errorTLSOptionsWithoutTLS":
            "--tls-ca, --tls-cert and --tls-key go with --server tls:HOST:PORT; give that, or leave them out",
        "errorTLSNoCA":
            "--server {1} needs --tls-ca FILE: the district CA (ca.pem) that issued the server's certificate",
        "errorTLSFiles": "TLS files cannot be used: {1}",
        "tlsUntrustedServer":
            "the server {1} is NOT TRUSTED: its certificate was not issued by the district CA (--tls-ca) or has "
            + "expired. Nothing was sent; the records stay in the spool. Tell the operator",
        "tlsWrongHostName":
            "the server {1} is NOT TRUSTED: its certificate is made for another host name or address. Nothing was "
            + "sent; the records stay in the spool. Check --server, or tell the operator",
        "tlsClientCertificateRefused":
            "the server {1} refused this station's certificate (missing, from another CA, or expired): give "
            + "--tls-cert and --tls-key of this station. The records stay in the spool",
        "tlsFailed": "the TLS connection to {1} failed ({2}); the records stay in the spool",
        "stateUntrusted": "server not trusted — records kept; tell the operator",
        "errorUntrusted": "{1}. Run checkpoint-station send again once it is fixed; nothing is lost.",
        "flashFeverOverride":
            "{1} is at or above the fever threshold {2} but the server said pass: shown as FEVER — tell the operator",
        "reasonSyntax": "the terminal sent a line the server cannot read: update checkpoint-station",
        "reasonVerb": "the terminal sent a request the server does not know: update checkpoint-station",
        "reasonProto": "the server speaks another protocol version: update checkpoint-station",
        "reasonField": "the record has a field the server does not accept: tell the operator",
        "reasonIdCheck": "the resident ID's check digit is wrong: scan or type the 18 characters again",
        "reasonPerson": "the phone or ID number is not valid: scan or type it again",
        "reasonTempRange": "the temperature is outside 30.0–45.0 °C: measure again, in Celsius",
        "reasonTemp": "the temperature is not written like 36.6: type it again",
        "reasonTimeFuture": "the terminal's clock is ahead: set the date and time of this computer",
        "reasonTime": "the record's time is not valid: check the terminal's clock",
        "reasonSeqReused": "the server holds another record under this number: it is sent again under a new one",
        "reasonSeq": "the record number is not valid: tell the operator",
        "reasonHelloTimeout": "the terminal took too long to log in: it connects again by itself",
        "reasonThrottled": "too many failed logins from this computer: wait a minute, then check the token",
        "reasonHelloFirst": "the terminal must log in first: it connects again by itself",
        "reasonUnregistered": "this station is not registered or was revoked: ask the operator",
        "reasonCertificate": "the station's certificate or TLS setting was refused: ask the operator",
        "reasonToken": "the station's token was refused: ask the operator for a new one",
        "reasonTooLong": "the record is too long for the server: shorten the note",
        "reasonBusy": "the server is busy: the record is kept and sent again",
        "reasonShuttingDown": "the server is restarting: the record is kept and sent again",
        "reasonDiskFull": "the server's disk is full: the record is kept here; tell the operator",
        "reasonStorage": "the server cannot store records right now: the record is kept and sent again",
    ]
}
