import CheckpointCore
import Testing

@Suite struct TemperatureTests {
    @Test(arguments: [
        ("36.6", 366), ("37", 370), ("37.0", 370), ("30.0", 300), ("30", 300), ("45.0", 450), ("45", 450),
        ("37.3", 373), ("037.2", 372),
    ])
    func temperature_whenWellFormedAndInRange_parsesToTenths(input: String, tenths: Int) throws {
        #expect(try Temperature(parsing: input).tenths == tenths)
    }

    @Test(arguments: ["29.9", "45.1", "0", "98.6", "100", "9999999999999999999999", "1000"])
    func temperature_whenOutOfRange_namesTheAcceptedRange(input: String) throws {
        let error = try #require(validationError { try Temperature(parsing: input) })
        #expect(error.code == .temperature)
        #expect(error.message.contains("30.0 and 45.0"))
    }

    @Test(arguments: [
        ("36.66", "more than one decimal"),
        ("36.60", "more than one decimal"),
        ("37.", "ends with '.'"),
        ("", "empty"),
        ("-37", "without a sign"),
        ("+37", "without a sign"),
        ("3.7e1", "without an exponent"),
        ("37E0", "without an exponent"),
        ("36,6", "decimal separator"),
        ("abc", "like 36.6"),
        (".5", "like 36.6"),
        ("36.6.6", "like 36.6"),
        (" 36.6", "like 36.6"),
        ("36.6°", "like 36.6"),
        ("３６.６", "like 36.6"),
    ])
    func temperature_whenMalformed_explainsTheExpectedForm(input: String, hint: String) throws {
        let error = try #require(validationError { try Temperature(parsing: input) })
        #expect(error.code == .temperature)
        #expect(error.message.contains(hint))
    }

    @Test(arguments: [(366, "36.6"), (370, "37.0"), (300, "30.0"), (450, "45.0"), (5, "0.5"), (-5, "-0.5")])
    func description_always_hasOneDecimal(tenths: Int, text: String) {
        #expect(Temperature(tenths: tenths).description == text)
    }

    @Test func description_whenParsedBack_roundTripsEveryAcceptedValue() throws {
        for tenths in Temperature.acceptedTenths {
            let temperature = Temperature(tenths: tenths)
            #expect(try Temperature(parsing: temperature.description) == temperature)
        }
    }

    @Test func comparison_ordersByTenths() {
        #expect(Temperature(tenths: 372) < Temperature(tenths: 373))
        #expect(!(Temperature(tenths: 373) < Temperature(tenths: 373)))
        #expect(Temperature.acceptedTenths == 300...450)
    }
}
