/// Canned replies of the command-centre commands, shaped as the daemon sends them (Sources/CheckpointServer,
/// ControlJSON.swift): every field present, null when unset, times in the display zone.
extension Replies {
    static let stats = #"""
        {"ok":true,"result":{"records":19,"by_kind":{"TEMP":12,"ENTRY":3,"EXIT":4},"fevers":3,"violations":1,\#
        "open_alerts":3,"active_quarantines":1,"stations_connected":2,"rate_1m":0.25,\#
        "since":"2020-02-07T00:00:00+08:00","per_checkpoint":[\#
        {"checkpoint":"canteen","name":"Canteen","grid":"G7","records":3,"by_kind":{"TEMP":3,"ENTRY":0,"EXIT":0},\#
        "fevers":0,"violations":0},\#
        {"checkpoint":"gate-3","name":"North gate","grid":"G7","records":16,"by_kind":{"TEMP":9,"ENTRY":3,"EXIT":4},\#
        "fevers":3,"violations":1}]}}
        """#

    static let statsByHour = #"""
        {"ok":true,"result":{"records":5,"by_kind":{"TEMP":4,"ENTRY":0,"EXIT":1},"fevers":1,"violations":0,\#
        "open_alerts":1,"active_quarantines":0,"stations_connected":1,"rate_1m":0,"since":null,"per_checkpoint":[\#
        {"checkpoint":"gate-3","name":"North gate","grid":"G7","records":5,"by_kind":{"TEMP":4,"ENTRY":0,"EXIT":1},\#
        "fevers":1,"violations":0}],"per_hour":[\#
        {"hour":"2020-02-07T07:00:00+08:00","records":2,"by_kind":{"TEMP":2,"ENTRY":0,"EXIT":0},"fevers":0,\#
        "violations":0},\#
        {"hour":"2020-02-07T08:00:00+08:00","records":3,"by_kind":{"TEMP":2,"ENTRY":0,"EXIT":1},"fevers":1,\#
        "violations":0}]}}
        """#

    static let alerts = #"""
        {"ok":true,"result":{"items":[\#
        {"id":5,"type":"SILENT","at":"2020-02-07T11:25:56.362+08:00","person":null,"checkpoint":"east",\#
        "station":null,"record_id":null,"state":"open","recheck":null,"escalated_at":null,"acked_at":null,\#
        "acked_by":null,"note":null,"detail":"no record for 30 min while staffed (24h)","count":1,"last_at":null},\#
        {"id":3,"type":"FEVER","at":"2020-02-07T09:30:00+08:00","person":"13912345678","checkpoint":"gate-3",\#
        "station":"gate-3-b","record_id":13,"state":"acked","recheck":"cleared-on-recheck","escalated_at":null,\#
        "acked_at":"2020-02-07T09:40:00+08:00","acked_by":"li","note":"36.8 on re-check","detail":"temp=37.6",\#
        "count":1,"last_at":null},\#
        {"id":2,"type":"VIOLATION","at":"2020-02-07T09:50:00+08:00","person":"15011112222","checkpoint":"gate-3",\#
        "station":"gate-3-a","record_id":12,"state":"open","recheck":null,\#
        "escalated_at":"2020-02-07T10:00:05+08:00","acked_at":null,"acked_by":null,"note":null,"detail":null,\#
        "count":3,"last_at":"2020-02-07T10:40:00+08:00"}]}}
        """#

    static let ackedAlert = #"""
        {"ok":true,"result":{"id":7,"type":"FEVER","at":"2020-02-07T08:05:00+08:00","person":"13800138001",\#
        "checkpoint":"gate-3","station":"gate-3-a","record_id":7,"state":"acked","recheck":"confirmed",\#
        "escalated_at":null,"acked_at":"2020-02-07T08:20:00+08:00","acked_by":"li","note":"sent to the fever clinic",\#
        "detail":"temp=38.2"}}
        """#

    static let records = #"""
        {"ok":true,"result":{"items":[\#
        {"id":12,"at":"2020-02-07T09:50:00+08:00","kind":"EXIT","person":"15011112222","temp":null,\#
        "verdict":"violation","origin":null,"note":null,"checkpoint":"gate-3","checkpoint_name":"North gate",\#
        "grid":"G7","station":"gate-3-a","seq":13},\#
        {"id":6,"at":"2020-02-07T07:40:00+08:00","kind":"ENTRY","person":"15011112222","temp":"36.5",\#
        "verdict":"quarantine","origin":"outside","note":"arrived by train","checkpoint":"gate-3",\#
        "checkpoint_name":"North gate","grid":"G7","station":"gate-3-a","seq":6}]}}
        """#

    static let quarantineRows = #"""
        {"id":2,"person":"13800138001","start":"2020-02-07T11:23:20+08:00","end":"2020-02-14T11:23:20+08:00",\#
        "active":true,"record_id":null,"reason":"confirmed fever","note":null,"released_at":null,"released_by":null},\#
        {"id":1,"person":"15011112222","start":"2020-02-07T07:40:00+08:00","end":"2020-02-21T07:40:00+08:00",\#
        "active":false,"record_id":6,"reason":"arrival from outside the city","note":"negative test",\#
        "released_at":"2020-02-08T10:00:00+08:00","released_by":"li"}
        """#

    static let trace = #"""
        {"ok":true,"result":{"person":"15011112222","since":"2020-01-23T11:26:32.541+08:00","items":[\#
        {"id":6,"at":"2020-02-07T07:40:00+08:00","kind":"ENTRY","person":"15011112222","temp":"36.5",\#
        "verdict":"quarantine","origin":"outside","note":"arrived by train","checkpoint":"gate-3",\#
        "checkpoint_name":"North gate","grid":"G7","station":"gate-3-a","seq":6},\#
        {"id":12,"at":"2020-02-07T09:50:00+08:00","kind":"EXIT","person":"15011112222","temp":null,\#
        "verdict":"violation","origin":null,"note":null,"checkpoint":"gate-3","checkpoint_name":"北门",\#
        "grid":"G7","station":"gate-3-a","seq":13}],"quarantines":[\#
        {"id":1,"person":"15011112222","start":"2020-02-07T07:40:00+08:00","end":"2020-02-21T07:40:00+08:00",\#
        "active":true,"record_id":6,"reason":"arrival from outside the city","note":null,"released_at":null,\#
        "released_by":null}]}}
        """#

    static let presence = #"""
        {"ok":true,"result":{"inside":2,"out_after_s":43200,"items":[\#
        {"person":"13700001111","exit_at":"2020-02-06T18:05:00+08:00","checkpoint":"gate-3"},\#
        {"person":"other:E12345678","exit_at":"2020-02-06T19:40:00+08:00","checkpoint":"gate-4"}]}}
        """#

    static let audit = #"""
        {"ok":true,"result":{"items":[\#
        {"at":"2020-02-07T11:26:32+08:00","uid":1000,"gid":1000,"cmd":"trace","person":"15011112222",\#
        "since":"2020-01-23T11:26:32+08:00","until":null,"reason":"violation alert 2"},\#
        {"at":"2020-02-07T11:23:20+08:00","uid":0,"gid":0,"cmd":"export","person":null,\#
        "since":"2020-02-07T00:00:00+08:00","until":"2020-02-08T00:00:00+08:00","reason":"daily report"}]}}
        """#

    /// The lines of a CSV export of two rows, as the daemon streams them.
    static let exportCSV = [
        "id,at,kind,person,temp,verdict,origin,note,checkpoint,checkpoint_name,grid,station,seq",
        "4,2020-02-07T07:02:11+08:00,TEMP,13800138000,36.6,pass,,,gate-3,North gate,G7,gate-3-a,4",
        #"6,2020-02-07T07:40:00+08:00,ENTRY,15011112222,36.5,quarantine,outside,"said ""hi"", then left",gate-3,"#
            + "North gate,G7,gate-3-a,6",
    ]

    static let exportJSONL = [
        #"{"columns":["id","at","kind","person","temp","verdict","origin","note","checkpoint","checkpoint_name","#
            + #""grid","station","seq"]}"#,
        #"{"id":4,"at":"2020-02-07T07:02:11+08:00","kind":"TEMP","person":"13800138000","temp":"36.6","#
            + #""verdict":"pass","origin":null,"note":null,"checkpoint":"gate-3","checkpoint_name":"North gate","#
            + #""grid":"G7","station":"gate-3-a","seq":4}"#,
    ]

    static func rows(_ count: Int) -> String {
        #"{"ok":true,"result":{"rows":"# + String(count) + "}}"
    }

    static let watching = #"{"ok":true,"result":{"watching":["alert","record"]}}"#

    static let watchEvents = [
        #"""
        {"event":"alert","alert":{"id":1,"type":"FEVER","at":"2020-02-06T23:59:00+08:00","person":"13800138001",\#
        "checkpoint":"gate-3","station":"gate-3-a","record_id":7,"state":"open","recheck":"confirmed",\#
        "escalated_at":null,"acked_at":null,"acked_by":null,"note":null,"detail":"temp=38.2"}}
        """#,
        #"""
        {"event":"record","record":{"id":22,"at":"2020-02-07T11:23:26.791+08:00","kind":"TEMP",\#
        "person":"18612345678","temp":"38.4","verdict":"fever","checkpoint":"gate-3","station":"gate-3-b","seq":7}}
        """#,
        #"""
        {"event":"escalation","alert":{"id":2,"type":"VIOLATION","at":"2020-02-07T09:50:00+08:00",\#
        "person":"15011112222","checkpoint":"gate-3","station":"gate-3-a","record_id":12,"state":"open",\#
        "recheck":null,"escalated_at":"2020-02-07T11:25:10.003+08:00","acked_at":null,"acked_by":null,"note":null,\#
        "detail":null}}
        """#,
        #"""
        {"event":"alert","alert":{"id":1,"type":"FEVER","at":"2020-02-06T23:59:00+08:00","person":"13800138001",\#
        "checkpoint":"gate-3","station":"gate-3-a","record_id":7,"state":"acked","recheck":"confirmed",\#
        "escalated_at":null,"acked_at":"2020-02-07T11:26:00+08:00","acked_by":"li","note":null,\#
        "detail":"temp=38.2"}}
        """#,
        #"""
        {"event":"alert","alert":{"id":2,"type":"VIOLATION","at":"2020-02-07T09:50:00+08:00",\#
        "person":"15011112222","checkpoint":"gate-3","station":"gate-3-a","record_id":12,"state":"acked",\#
        "recheck":null,"escalated_at":"2020-02-07T11:25:10.003+08:00","acked_at":"2020-02-07T11:27:00+08:00",\#
        "acked_by":"li","note":"called the grid office","detail":null}}
        """#,
        // Issue 15: a violation case that grew to three (one case per person per day).
        #"""
        {"event":"alert","alert":{"id":8,"type":"VIOLATION","at":"2020-02-07T11:28:00+08:00",\#
        "person":"13700137000","checkpoint":"plant-1","station":"plant-1-a","record_id":30,"state":"open",\#
        "recheck":null,"escalated_at":null,"acked_at":null,"acked_by":null,"note":null,"detail":null,"count":3,\#
        "last_at":"2020-02-07T11:29:30+08:00"}}
        """#,
        #"""
        {"event":"alert","alert":{"id":5,"type":"SILENT","at":"2020-02-07T11:30:00+08:00","person":null,\#
        "checkpoint":"east","station":null,"record_id":null,"state":"open","recheck":null,"escalated_at":null,\#
        "acked_at":null,"acked_by":null,"note":null,"detail":"no record for 30 min while staffed (24h)"}}
        """#,
    ]

    /// What `watch` prints for ``watchEvents``.
    static let watchLines = """
        -- 2020-02-06 --
        23:59:00 FEVER #1 13800138001 at gate-3/gate-3-a: temp=38.2, recheck confirmed
        -- 2020-02-07 --
        11:23:26 TEMP #22 18612345678 38.4 fever at gate-3/gate-3-b seq 7
        11:25:10 ESCALATED VIOLATION #2 15011112222 at gate-3/gate-3-a
        11:26:00 FEVER #1 13800138001 at gate-3/gate-3-a: temp=38.2, recheck confirmed, acked by li
        11:27:00 VIOLATION #2 15011112222 at gate-3/gate-3-a: escalated 11:25:10, acked by li
        11:29:30 VIOLATION #8 13700137000 at plant-1/plant-1-a: case of 3 violations, first 11:28:00
        11:30:00 SILENT #5 at east: no record for 30 min while staffed (24h)

        """
}
