/// Canned replies of issue 19's commands (residents and enterprise sites), shaped as the control command table
/// lists their keys.
enum SiteReplies {
    static let yellowSite = #"""
        "id":"F1","name":"Hongxing garment factory","grid":"G7","tag":"yellow",\#
        "tag_since":"2020-02-07T10:00:00+08:00","tag_reason":"no temperature log at the gate","tagged_by":"li",\#
        "recheck_by":"2020-02-10","recheck_due":true,"last_recheck_at":null,"checkpoints":["plant-1","plant-2"],\#
        "workers":120,"workers_seen_today":98,"open_alerts":1,"created_at":"2020-02-01T08:00:00+08:00"
        """#

    static let blueSite = #"""
        "id":"F2","name":"东风机械","grid":"G7","tag":"blue","tag_since":"2020-02-01T09:00:00+08:00",\#
        "tag_reason":"approved","tagged_by":"wang","recheck_by":null,"recheck_due":false,\#
        "last_recheck_at":null,"checkpoints":[],"workers":35,"workers_seen_today":0,"open_alerts":0,\#
        "created_at":"2020-02-01T09:00:00+08:00"
        """#

    static let redSite = #"""
        "id":"F3","name":"Dawn foods","grid":"G8","tag":"red","tag_since":"2020-02-08T16:30:00+08:00",\#
        "tag_reason":"third failed inspection","tagged_by":"district office","recheck_by":null,\#
        "recheck_due":false,"last_recheck_at":"2020-02-08T15:00:00+08:00","checkpoints":["dawn-1"],"workers":8,\#
        "workers_seen_today":2,"open_alerts":3,"created_at":"2020-02-02T08:00:00+08:00"
        """#

    static let sites = #"{"ok":true,"result":{"items":[{"# + yellowSite + "},{" + blueSite + "},{" + redSite + "}]}}"

    static func site(_ fields: String) -> String {
        #"{"ok":true,"result":{"# + fields + "}}"
    }

    static let siteShow = #"{"ok":true,"result":{"# + yellowSite + #"""
        ,"history":[\#
        {"at":"2020-02-07T10:00:00+08:00","tag":"yellow","reason":"no temperature log at the gate",\#
        "recheck_by":"2020-02-10","by":"li"},\#
        {"at":"2020-02-01T08:00:00+08:00","tag":"blue","reason":"approved to reopen","recheck_by":null,\#
        "by":"wang"}],\#
        "rechecks":[{"at":"2020-02-05T14:00:00+08:00","note":"masks at the gate","by":"zhao"}]}}
        """#

    static let healthForm = #"""
        {"ok":true,"result":{"site":"F1","name":"Hongxing garment factory","date":"2020-02-07",\#
        "from":"2020-02-07T00:00:00+08:00","to":"2020-02-08T00:00:00+08:00","workers":3,"passed":2,"items":[\#
        {"person":"13800138000","name":"张三","department":"cutting","on_staff_list":true,"passed":true,\#
        "first_at":"2020-02-07T07:55:00+08:00","last_at":"2020-02-07T17:31:00+08:00","temps":["36.5","36.8"],\#
        "max_temp":"36.8","fever":false,"clear":true,"why":null,"until":null},\#
        {"person":"500227198501011230","name":"李四","department":"sewing, line 2","on_staff_list":true,\#
        "passed":true,"first_at":"2020-02-07T08:02:00+08:00","last_at":"2020-02-07T08:02:00+08:00",\#
        "temps":["37.9"],"max_temp":"37.9","fever":true,"clear":false,"why":"fever","until":null},\#
        {"person":"13911112222","name":"王芳","department":"","on_staff_list":true,"passed":false,\#
        "first_at":null,"last_at":null,"temps":[],"max_temp":null,"fever":false,"clear":false,\#
        "why":"quarantine","until":"2020-02-19T00:00:00+08:00"},\#
        {"person":"13700137000","name":"=cmd|' /C calc'!A0","department":"@SUM(1)","on_staff_list":false,\#
        "passed":true,"first_at":"2020-02-07T09:10:00+08:00","last_at":"2020-02-07T09:10:00+08:00",\#
        "temps":["36.4"],"max_temp":"36.4","fever":false,"clear":true,"why":null,"until":null}]}}
        """#

    static let statsByCategory = #"""
        {"ok":true,"result":{"records":30,"by_kind":{"TEMP":20,"ENTRY":6,"EXIT":4},"fevers":1,"violations":1,\#
        "visitors":5,"notices":2,"open_alerts":2,"active_quarantines":1,"stations_connected":2,"rate_1m":0,\#
        "since":"2020-02-07T00:00:00+08:00","per_checkpoint":[],"per_category":[\#
        {"category":"home","records":12,"by_kind":{"TEMP":6,"ENTRY":3,"EXIT":3},"fevers":0,"violations":1,\#
        "visitors":0,"notices":2},\#
        {"category":"work","records":10,"by_kind":{"TEMP":8,"ENTRY":1,"EXIT":1},"fevers":1,"violations":0,\#
        "visitors":0,"notices":0},\#
        {"category":"visitor","records":5,"by_kind":{"TEMP":3,"ENTRY":2,"EXIT":0},"fevers":0,"violations":0,\#
        "visitors":5,"notices":0},\#
        {"category":"unlisted","records":3,"by_kind":{"TEMP":3,"ENTRY":0,"EXIT":0},"fevers":0,"violations":0,\#
        "visitors":0,"notices":0}]}}
        """#

    static let personList = #"""
        {"ok":true,"result":{"grid":"G7","households":2,"items":[\#
        {"person":"500227198501011230","phone":"13911112222","name":"王芳","grid":"G7","checkpoint":"gate-3",\#
        "home":"3栋2单元501","household":"3-2-501","category":"home","imported_at":"2020-02-06T20:00:00+08:00"},\#
        {"person":"13800138000","phone":"13800138000","name":"张三","grid":"G7","checkpoint":null,\#
        "home":"5栋101","household":"5-101","category":"new","imported_at":"2020-02-06T20:00:00+08:00"}]}}
        """#

    static let personShow = #"""
        {"ok":true,"result":{"person":"13911112222","identity":["500227198501011230","13911112222"],\#
        "shared_by":[],"check_id":false,"links":[{"person":"13911112222","id":"500227198501011230",\#
        "created_at":"2020-02-06T20:00:00+08:00","made_by":"roster.csv","record_id":null}],\#
        "roster":{"person":"500227198501011230","phone":"13911112222","name":"王芳","grid":"G7",\#
        "checkpoint":"gate-3","home":"3栋2单元501","household":"3-2-501","category":"home",\#
        "imported_at":"2020-02-06T20:00:00+08:00"},\#
        "sites":[{"site":"F1","name":"Hongxing garment factory","department":"cutting"}]}}
        """#
}
