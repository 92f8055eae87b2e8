import Glibc
import Testing

@testable import CheckpointCore

/// `RosterFile`: a grid's roster and a site's staff list read from a CSV file, all or nothing (issue 19, points 1
/// and 4).
@Suite struct RosterFileTests {
    // Resident IDs with correct GB 11643 check characters, and mobile numbers.
    static let zhang = "11010519491231002X"
    static let li = "110101199003070011"
    static let wang = "44030419851120003X"
    static let zhao = "310115197702280049"
    static let phone = "13800138000"
    static let otherPhone = "13900139000"

    static let header = "id,phone,name,grid,checkpoint,home,household,category"

    /// The roster's lines from `text` as UTF-8 bytes.
    static func residents(
        _ text: String, encoding: RosterFileEncoding? = nil
    ) -> Result<
        [RosterFileLine<RosterEntry>], RosterFileProblems
    > {
        RosterFile.residents(Array(text.utf8), encoding: encoding)
    }

    /// The problems of a result that must have failed.
    static func problems<Lines>(_ result: Result<Lines, RosterFileProblems>) -> [RosterFileProblem] {
        switch result {
        case .success:
            Issue.record("expected problems, the file was read")
            return []
        case .failure(let problems):
            return Array(problems)
        }
    }

    /// `text` in GB18030 (GBK for these characters), through iconv the other way.
    static func gbk(_ text: String) -> [UInt8] {
        let converter = iconv_open("GB18030", "UTF-8")
        guard let converter, Int(bitPattern: converter) != -1 else {
            Issue.record("iconv cannot convert to GB18030")
            return []
        }
        defer { iconv_close(converter) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var outLeft = output.count
        let result = input.withUnsafeMutableBufferPointer { inputBytes in
            output.withUnsafeMutableBufferPointer { outputBytes in
                inputBytes.withMemoryRebound(to: CChar.self) { inputChars in
                    outputBytes.withMemoryRebound(to: CChar.self) { outputChars in
                        var inPointer = inputChars.baseAddress
                        var inLeft = inputChars.count
                        var outPointer = outputChars.baseAddress
                        return iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    }
                }
            }
        }
        #expect(result != -1)
        return Array(output[..<(output.count - outLeft)])
    }

    // MARK: encodings and line endings

    @Test(arguments: [false, true], ["\n", "\r\n"])
    func residents_whenUTF8WithOrWithoutBOMAndLFOrCRLF_readsEveryLine(byteOrderMark: Bool, ending: String) throws {
        let text =
            [
                Self.header, "\(Self.zhang),\(Self.phone),张三,G1,gate-1,3栋501,H1,home",
                ",\(Self.otherPhone),李四,G1,,,,work",
            ].joined(separator: ending) + ending
        let bytes = (byteOrderMark ? TextEncodingConversion.utf8ByteOrderMark : []) + Array(text.utf8)
        let lines = try RosterFile.residents(bytes, encoding: byteOrderMark ? .utf8 : nil).get()
        #expect(lines.map(\.line) == [2, 3])
        #expect(
            lines[0].entry
                == RosterEntry(
                    document: .resident(Self.zhang), phone: .phone(Self.phone), name: "张三", grid: "G1",
                    checkpoint: "gate-1", home: "3栋501", household: "H1", category: .home))
        #expect(
            lines[0].fields == [
                "id": Self.zhang, "phone": Self.phone, "name": "张三", "grid": "G1", "checkpoint": "gate-1",
                "home": "3栋501", "household": "H1", "category": "home",
            ])
        #expect(lines[1].entry.document == nil)
        #expect(lines[1].entry.person == .phone(Self.otherPhone))
        #expect(lines[1].fields["category"] == "work")
    }

    @Test func residents_whenGBKEncoding_decodesTheChinese() throws {
        #expect(Self.gbk("张三") == [0xD5, 0xC5, 0xC8, 0xFD])
        let text = "身份证号,姓名,网格,类别\r\n\(Self.zhang),张三,G1,居家\r\n"
        for bytes in [Self.gbk(text), TextEncodingConversion.utf8ByteOrderMark + Self.gbk(text)] {
            let lines = try RosterFile.residents(bytes, encoding: .gbk).get()
            #expect(lines.map(\.entry.name) == ["张三"])
            #expect(lines.first?.entry.category == .home)
        }
    }

    @Test func residents_whenGBKFileReadWithoutEncoding_saysItIsNotUTF8AndToPassGBK() {
        let bytes =
            Array("id,name,grid,category\n".utf8) + Array("\(Self.zhang),".utf8) + Self.gbk("张三")
            + Array(",G1,home\n".utf8)
        let problems = Self.problems(RosterFile.residents(bytes, encoding: nil))
        #expect(problems.count == 1)
        #expect(problems.first?.line == 0)
        #expect(problems.first?.message.contains("not UTF-8") == true)
        #expect(problems.first?.message.contains("line 2") == true)
        #expect(problems.first?.message.contains("--encoding gbk") == true)
        #expect(Self.problems(RosterFile.residents(bytes, encoding: .utf8)) == problems)
    }

    @Test func decode_whenAByteIsNotGBK_namesTheByteAndLine() {
        // 0xFF never starts a GBK or GB18030 character.
        let bytes = Array("ab\nc".utf8) + [0xFF] + Array("d\n".utf8)
        guard case .failure(let problem) = RosterFile.decode(bytes, encoding: .gbk) else {
            Issue.record("0xFF was decoded as GBK")
            return
        }
        #expect(problem.line == 0)
        #expect(problem.message.hasPrefix("byte 5 (line 2) is not GBK"))
        // The byte is counted in the file as given, a byte order mark included.
        guard case .failure(let marked) = RosterFile.decode([0xEF, 0xBB, 0xBF] + bytes, encoding: .gbk) else {
            Issue.record("0xFF was decoded as GBK")
            return
        }
        #expect(marked.message.hasPrefix("byte 8 (line 2) is not GBK"))
    }

    @Test func decode_whenTheFileEndsInsideAGBKCharacter_saysItWasCutShort() {
        guard case .failure(let problem) = RosterFile.decode(Array("ab".utf8) + [0xD5], encoding: .gbk) else {
            Issue.record("a lone lead byte was decoded as GBK")
            return
        }
        #expect(problem.line == 0)
        #expect(problem.message.contains("ends in the middle of a GBK character (byte 3)"))
    }

    @Test(arguments: [1, 2, 7])
    func gbk_whenTheOutputBufferIsTooSmall_growsIt(initialCapacity: Int) throws {
        let text = "姓名,网格\n张三,G1\n李四王五,G2\n"
        let decoded = try TextEncodingConversion.gbk(Self.gbk(text), initialCapacity: initialCapacity).get()
        #expect(decoded == text)
    }

    @Test func decode_whenEmptyOrUTF16_givesEmptyTextOrSaysToSaveAsUTF8() {
        #expect(RosterFile.decode([], encoding: .gbk) == .success(""))
        #expect(RosterFile.decode([0xEF, 0xBB, 0xBF], encoding: nil) == .success(""))
        for encoding in [nil, RosterFileEncoding.gbk] {
            guard case .failure(let problem) = RosterFile.decode([0xFF, 0xFE, 0x69, 0x00], encoding: encoding) else {
                Issue.record("UTF-16 was decoded")
                continue
            }
            #expect(problem.message.hasPrefix("the file is UTF-16"))
        }
    }

    // MARK: CSV

    @Test(arguments: [
        ("a,b,c", ["a", "b", "c"]),
        ("a,,c,", ["a", "", "c", ""]),
        ("", [""]),
        ("\"3栋,2单元\",x", ["3栋,2单元", "x"]),
        ("\"say \"\"hi\"\"\",\"\"", ["say \"hi\"", ""]),
        (" \"a,b\" , c", ["a,b", " c"]),
        ("ab\"c,d", ["ab\"c", "d"]),
    ])
    func csvLine_whenRFC4180Fields_splitsAndUnquotes(line: String, fields: [String]) {
        #expect(CSVLine.fields(Array(line.utf8)[...]) == .success(fields))
    }

    @Test func residents_whenQuotedFieldsHoldCommasAndQuotes_keepsThem() throws {
        let text = "\(Self.header)\n\"\(Self.zhang)\",,\"张三\",G1,,\"3栋,2单元 \"\"东\"\" 501\",,home\n"
        let lines = try Self.residents(text).get()
        #expect(lines.first?.entry.home == "3栋,2单元 \"东\" 501")
        #expect(lines.first?.fields["home"] == "3栋,2单元 \"东\" 501")
    }

    @Test func residents_whenAQuoteIsBroken_namesTheLineAndField() {
        let text = """
            id,name,grid,category
            \(Self.zhang),"张三,G1,home
            \(Self.li),"李四"x,G1,home
            """
        let problems = Self.problems(Self.residents(text))
        #expect(problems.map(\.line) == [2, 3])
        #expect(problems[0].message.hasPrefix("field 2 opens a quote that does not close on its line"))
        #expect(problems[1].message.hasPrefix("field 2 has text after its closing quote"))
    }

    @Test func residents_whenBlankLinesCommentsAndEmptyRows_skipsThemAndKeepsLineNumbers() throws {
        let text = "# exported 2020-02-07\n\n\(Self.header)\n   \n,,,,,,,\n# a note\n\(Self.zhang),,张三,G1,,,,home"
        let lines = try Self.residents(text).get()
        #expect(lines.map(\.line) == [7])
    }

    @Test func residents_whenALineHasMoreFieldsThanTheHeader_isAProblemUnlessTheyAreEmpty() throws {
        let text = "id,name,grid,category\n\(Self.zhang),张三,G1,home,,\n\(Self.li),李四,G1,home,x\n"
        let problems = Self.problems(Self.residents(text))
        #expect(problems.map(\.line) == [3])
        #expect(problems.first?.message.hasPrefix("field 5 has a value but the header names 4 columns") == true)
        // Excel writes trailing empty columns in the header as well.
        let padded = "id,name,grid,category,,\n\(Self.zhang),张三,G1,home,,\n"
        #expect(try Self.residents(padded).get().count == 1)
    }

    @Test func residents_whenAMissingTrailingField_readsItAsEmpty() throws {
        let lines = try Self.residents("id,name,grid,category,home\n\(Self.zhang),张三,G1,home\n").get()
        #expect(lines.first?.entry.home == "")
        #expect(lines.first?.fields["home"] == "")
    }

    // MARK: header

    @Test(arguments: [
        "身份证号,手机号,姓名,网格,卡口,住址,户号,类别",
        "身份证号码,手机号码,姓名,网格,门岗,房号,户,人员类别",
        "证件号码,电话,姓名,网格,卡口,门牌号,户号,类别",
        "证件号,联系电话,姓名,网格,卡口,住址,户号,类别",
        "ID, Phone ,NAME,Grid,CheckPoint,Home,HouseHold,CATEGORY",
        "　身份证号　,手机号,姓名,网格,卡口,住址,户号,类别",
    ])
    func residents_whenHeaderInChineseOrAnyCase_mapsToTheCanonicalColumns(header: String) throws {
        let lines = try Self.residents("\(header)\n\(Self.zhang),\(Self.phone),张三,G1,gate-1,3栋501,H1,居家\n").get()
        #expect(lines.first?.fields.keys.sorted() == RosterEntry.columns.sorted())
        #expect(lines.first?.fields["id"] == Self.zhang)
        #expect(lines.first?.fields["household"] == "H1")
        #expect(lines.first?.entry.category == .home)
    }

    @Test func residents_whenColumnsInAnotherOrder_readsThemByName() throws {
        let lines = try Self.residents("类别,姓名,网格,手机号\nwork,张三,G1,\(Self.phone)\n").get()
        #expect(lines.first?.entry.person == .phone(Self.phone))
        #expect(lines.first?.fields["id"] == "")
    }

    @Test func residents_whenAHeaderNameIsUnknown_namesItAndListsTheAcceptedNames() {
        let problems = Self.problems(Self.residents("# roster\nid,name,grid,category,性别\n\(Self.zhang),张三,G1,home,男\n"))
        #expect(problems.count == 1)
        #expect(problems.first?.line == 2)
        let message = problems.first?.message ?? ""
        #expect(message.hasPrefix("column 5, \"性别\", is not a roster column: use id (身份证号"))
        #expect(message.contains("category (类别, 人员类别)"))
        #expect(!message.contains("department"))
    }

    @Test func residents_whenAColumnIsGivenTwice_saysToKeepOne() {
        let problems = Self.problems(Self.residents("id,身份证号,name,grid,category\n"))
        #expect(problems.map(\.line) == [1])
        #expect(problems.first?.message.hasPrefix("columns 1 and 2 both hold id") == true)
    }

    @Test(arguments: [
        ("id,name,category", ["the header has no grid (网格) column"]),
        ("id,grid,category", ["the header has no name (姓名) column"]),
        ("phone,name,grid", ["the header has no category (类别, 人员类别) column"]),
        ("name,grid,category", ["the header has neither an id (身份证号"]),
        ("home", ["the header has no name", "the header has no grid", "the header has no category", "neither"]),
    ])
    func residents_whenARequiredColumnIsMissing_namesEachOne(header: String, prefixes: [String]) {
        let problems = Self.problems(Self.residents("\(header)\n\(Self.zhang)\n"))
        #expect(problems.count == prefixes.count)
        for (problem, prefix) in zip(problems, prefixes) {
            #expect(problem.line == 1)
            #expect(problem.message.contains(prefix), "\(problem.message)")
        }
    }

    @Test func residents_whenTheFirstLineIsData_saysToAddAHeaderWithoutRepeatingIt() {
        let problems = Self.problems(Self.residents("\(Self.zhang),,张三,G1,,,,home\n"))
        #expect(problems.map(\.line) == [1])
        #expect(problems.first?.message.contains("add a header line first") == true)
        #expect(problems.first?.message.contains(Self.zhang) == false)
        #expect(problems.first?.message.contains("张三") == false)
    }

    // MARK: lines

    @Test func residents_whenThreeLinesAreBad_reportsEachByNumberWithoutTheirValues() {
        let text = """
            id,phone,name,grid,category
            \(Self.zhang),,张三,G1,home
            110105194912310021,,李四,G1,home
            \(Self.wang),,王五,G1,home
            ,,赵六,G1,home
            \(Self.zhao),,孙七,G1,vacation
            """
        let problems = Self.problems(Self.residents(text))
        #expect(problems.map(\.line) == [3, 5, 6])
        #expect(problems.first?.message.hasPrefix("id: ") == true)
        #expect(problems[1].message == "id and phone are both empty: give at least one")
        #expect(problems[2].message.hasPrefix("category must be home, work or new"))
        for problem in problems {
            for value in ["110105194912310021", "李四", "赵六", "孙七", "vacation"] {
                #expect(!problem.message.contains(value), "\(problem.message)")
            }
        }
    }

    @Test func residents_whenTheSamePersonTwice_namesTheEarlierLine() {
        let text = """
            id,phone,name,grid,category
            \(Self.zhang),\(Self.phone),张三,G1,home
            ,\(Self.otherPhone),李四,G1,home
            \(Self.li),\(Self.phone),王五,G1,home
            \(Self.zhang),\(Self.otherPhone),张三,G2,work
            ,\(Self.otherPhone),李四,G1,work
            """
        // Line 4 shares line 2's phone with another document: a household's phone, fine.
        let problems = Self.problems(Self.residents(text))
        #expect(problems.map(\.line) == [5, 6])
        #expect(problems.first?.message.hasPrefix("the same person as line 2") == true)
        #expect(problems.last?.message.hasPrefix("the same person as line 3") == true)
    }

    @Test(arguments: ["", "\u{FEFF}", "\n\n# nothing yet\n", "id,name,grid,category\n", "身份证号,姓名,网格,类别\r\n,,,\r\n"])
    func residents_whenNoDataLines_saysTheFileHasNoResidentLines(text: String) {
        let problems = Self.problems(Self.residents(text))
        #expect(problems.map(\.line) == [0])
        #expect(problems.first?.message.hasPrefix("the file has no resident lines") == true)
    }

    @Test func residents_whenMoreLinesThanTheLimit_asksToSplitTheFileByGrid() throws {
        let line = "\(Self.zhang),张三,G1,home\n"
        let text = "id,name,grid,category\n" + line + "bad line\n"
        let result = RosterFile.read(Array(text.utf8), encoding: nil, as: RosterEntry.self, limit: 1)
        #expect(
            Self.problems(result) == [
                RosterFileProblem(
                    line: 0,
                    message: "the file has more than 1 resident "
                        + "lines: split it by grid and import each part")
            ])
        #expect(
            try RosterFile.read(
                Array(("id,name,grid,category\n" + line).utf8), encoding: nil, as: RosterEntry.self,
                limit: 1
            ).get().count == 1)
        #expect(RosterFile.maximumLines == 200_000)
    }

    // MARK: staff lists

    @Test func workers_whenChineseHeaders_readsEachWorker() throws {
        let text = "身份证号,手机号,姓名,班组\r\n\(Self.zhang),\(Self.phone),张三,焊接一组\r\n,\(Self.otherPhone),李四,\r\n"
        let lines = try RosterFile.workers(Array(text.utf8), encoding: nil).get()
        #expect(lines.map(\.line) == [2, 3])
        #expect(
            lines.first?.entry
                == WorkerEntry(
                    document: .resident(Self.zhang), phone: .phone(Self.phone), name: "张三", department: "焊接一组"))
        #expect(
            lines.first?.fields == ["id": Self.zhang, "phone": Self.phone, "name": "张三", "department": "焊接一组"])
        #expect(lines.last?.entry.person == .phone(Self.otherPhone))
    }

    @Test func workers_whenGBK_readsEachWorker() throws {
        let bytes = Self.gbk("证件号,姓名,部门\n\(Self.zhang),张三,后勤\n")
        let lines = try RosterFile.workers(bytes, encoding: .gbk).get()
        #expect(lines.first?.entry.department == "后勤")
    }

    @Test func workers_whenRosterColumnsOrNoName_refusesTheHeader() {
        let roster = Self.problems(RosterFile.workers(Array("id,name,grid\n".utf8), encoding: nil))
        #expect(roster.count == 1)
        #expect(roster.first?.message.hasPrefix("column 3, \"grid\", is not a staff list column") == true)
        #expect(roster.first?.message.contains("department (部门, 班组)") == true)
        let nameless = Self.problems(RosterFile.workers(Array("phone,部门\n".utf8), encoding: nil))
        #expect(
            nameless.map(\.message) == [
                "the header has no name (姓名) column: a staff list needs name and at least one of id or phone"
            ])
    }

    @Test func workers_whenBadAndRepeatedLines_reportsEach() {
        let text = """
            id,phone,name,department
            \(Self.zhang),,张三,A
            \(Self.zhang),,张三,B
            ,,李四,A
            ,\(Self.phone),,A
            """
        let problems = Self.problems(RosterFile.workers(Array(text.utf8), encoding: nil))
        #expect(problems.map(\.line) == [3, 4, 5])
        #expect(
            problems.first?.message.hasPrefix("the same person as line 2: a person appears once in a staff list")
                == true)
        #expect(problems.last?.message == "name is empty")
    }

    @Test func workers_whenEmpty_saysTheFileHasNoWorkerLines() {
        let problems = Self.problems(RosterFile.workers([], encoding: nil))
        #expect(problems.map(\.line) == [0])
        #expect(problems.first?.message.hasPrefix("the file has no worker lines") == true)
    }
}
