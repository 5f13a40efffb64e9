// The Lua surface of binary files: db:open_file / bin_to_csv / csv_to_bin (sandboxed), the
// BinaryFile and BinaryMetadata userdata, quiver.* builders and the expression operators.
#include <filesystem>
#include <string>

#include "binary_fixtures.hpp"
#include "check.hpp"

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A path as the library reports it (the system's separators), escaped for a JSON string.
std::string json_path(const std::string& path) {
    std::string out;
    for (char c : std::filesystem::path(path).make_preferred().string()) {
        if (c == '\\') out += '\\';
        out += c;
    }
    return out;
}

struct Runner {
    quiver_database_t* db = nullptr;
    quiver_lua_runner_t* runner = nullptr;
    explicit Runner(const std::string& db_path) {
        quiver_database_options_t options = quiver_database_options_default();
        options.console_level = QUIVER_LOG_OFF;
        if (quiver_database_from_schema(db_path.c_str(), qt::fixture("farm.sql").c_str(), &options, &db) != QUIVER_OK) {
            qt::fail(__FILE__, __LINE__, "from_schema: " + qt::last_error());
            return;
        }
        quiver_lua_runner_new(db, &runner);
    }
    ~Runner() {
        quiver_lua_runner_free(runner);
        quiver_database_close(db);
    }
    // JSON result, or "ERR: <message>".
    std::string run(const std::string& script) {
        char* out = nullptr;
        if (quiver_lua_runner_run(runner, script.c_str(), &out) != QUIVER_OK) return "ERR: " + qt::last_error();
        std::string result = out;
        quiver_lua_runner_free_string(out);
        return result;
    }
};

const char* kMetadata3x2 =
    "local md = quiver.metadata{initial_datetime='2025-01-01T00:00:00', unit='MW', labels={'v1','v2'},"
    " dimensions={'row','col'}, dimension_sizes={3,2}}\n";

// Writes a 3x2 file `name` whose label values are the given expressions of row and col.
std::string write_3x2(const std::string& name, const std::string& v1, const std::string& v2) {
    return std::string(kMetadata3x2) + "local f = db:open_file('" + name + "', 'w', md)\n" +
           "for row = 1, 3 do for col = 1, 2 do f:write({" + v1 + ", " + v2 + "}, {row = row, col = col}) end end\n"
           "f:close()\n";
}

void in_memory() {
    quiver_database_t* db = qt::open_fixture("farm.sql");
    REQUIRE(db != nullptr);
    quiver_lua_runner_t* runner = nullptr;
    quiver_lua_runner_new(db, &runner);
    char* out = nullptr;
    CHECK(quiver_lua_runner_run(runner, "db:open_file('x', 'r')", &out) == QUIVER_ERROR);
    CHECK(contains(qt::last_error(), "Failed to run Lua script:"));
    CHECK(contains(qt::last_error(), "Cannot open_file: database is in-memory"));
    CHECK(quiver_lua_runner_run(runner, "db:bin_to_csv('bin_a')", &out) == QUIVER_ERROR);
    CHECK(contains(qt::last_error(), "Cannot bin_to_csv: database is in-memory"));
    CHECK(quiver_lua_runner_run(runner, "db:csv_to_bin('bin_a')", &out) == QUIVER_ERROR);
    CHECK(contains(qt::last_error(), "Cannot csv_to_bin: database is in-memory"));
    // Metadata works without a file.
    CHECK_OK(quiver_lua_runner_run(runner,
        "local md = quiver.metadata{initial_datetime='2025-01-01T00:00:00', unit='MW', labels={'plant_1','plant_2'},"
        " dimensions={'stage','block'}, dimension_sizes={4,31}, time_dimensions={'stage','block'}, frequencies={'monthly','daily'}}\n"
        "local d = md:get_dimensions()\n"
        "return {md:get_unit(), md:get_version(), md:get_labels(), md:get_number_of_time_dimensions(), d[1], d[2].frequency,"
        " d[2].initial_value, #md:to_toml() > 0}", &out));
    CHECK_EQ(std::string(out),
             "[\"MW\",\"1\",[\"plant_1\",\"plant_2\"],2,{\"frequency\":\"monthly\",\"initial_value\":1,\"is_time_dimension\":true,"
             "\"name\":\"stage\",\"parent_dimension_index\":-1,\"size\":4},\"daily\",1,true]");
    quiver_lua_runner_free_string(out);
    quiver_lua_runner_free(runner);
    quiver_database_close(db);
}

void metadata_and_files(Runner& r, const std::string& dir) {
    CHECK(contains(r.run("quiver.metadata{}"), "Failed to parse initial_datetime: "));
    CHECK(contains(r.run("quiver.metadata{initial_datetime='2025-01-01'}"), "Number of dimensions must be positive, got 0"));
    CHECK(contains(r.run("quiver.metadata_from_element({version='1'})"), "Cannot from_element: missing array 'dimensions'"));
    CHECK_EQ(r.run("local md = quiver.metadata{initial_datetime='2025-01-01', unit='GWh', labels={'a','b'}, dimensions={'x'},"
                   " dimension_sizes={2}}\nlocal back = quiver.metadata_from_toml(md:to_toml())\n"
                   "return {back:get_unit(), back:get_labels(), back:get_dimensions()[1], back:get_initial_datetime()}"),
             "[\"GWh\",[\"a\",\"b\"],{\"is_time_dimension\":false,\"name\":\"x\",\"size\":2},\"2025-01-01T00:00:00\"]");

    CHECK_EQ(r.run(write_3x2("bin_a", "row * 10 + col", "row * 100 + col") +
                   "local rd = db:open_file('bin_a', 'r')\nlocal ok = rd:is_open()\n"
                   "for row = 1, 3 do for col = 1, 2 do local v = rd:read({row = row, col = col})\n"
                   "  ok = ok and v[1] == row * 10 + col and v[2] == row * 100 + col end end\n"
                   "return {ok, rd:get_metadata():get_unit(), f:is_open(), rd:get_file_path()}"),
             "[true,\"MW\",false,\"" + json_path(dir + "/bin_a") + "\"]");
    CHECK(qt::file_exists(dir + "/bin_a.qvr"));

    CHECK_EQ(r.run("local md = quiver.metadata{initial_datetime='2025-01-01', unit='MW', labels={'v'}, dimensions={'row'},"
                   " dimension_sizes={3}}\nlocal f = db:open_file('bin_one', 'w', md)\nf:write({42.0}, {row = 1})\nf:close()\n"
                   "local rd = db:open_file('bin_one', 'r')\nlocal nan = rd:read({row = 2}, true)[1]\n"
                   "return {rd:read({row = 1})[1], nan ~= nan}"),
             "[42,true]");
    CHECK(contains(r.run("return db:open_file('bin_one', 'r'):read({row = 2})"), "Cannot read: data at {row=2} contains null values"));
    CHECK_EQ(r.run("return db:open_file('bin_one', 'r'):read({row = 2}, true)"), "[null]");
    CHECK_EQ(r.run("return db:open_file('bin_one', 'r'):read({row = 1})"), "[42]");

    CHECK_EQ(r.run("local md = quiver.metadata{initial_datetime='2025-02-01', unit='MW', labels={'v'}, dimensions={'stage','block'},"
                   " dimension_sizes={2,28}, time_dimensions={'stage','block'}, frequencies={'monthly','daily'}}\n"
                   "local f = db:open_file('bin_time', 'w', md)\n"
                   "for stage = 1, 2 do for block = 1, 28 do f:write({stage * 1000 + block}, {stage = stage, block = block}) end end\n"
                   "f:close()\nlocal rd = db:open_file('bin_time', 'r')\n"
                   "return {rd:read({stage = 1, block = 1})[1], rd:read({stage = 2, block = 28})[1]}"),
             "[1001,2028]");

    CHECK_EQ(r.run("db:bin_to_csv('bin_a')\ndb:csv_to_bin('bin_a')\nlocal rd = db:open_file('bin_a', 'r')\n"
                   "return rd:read({row = 3, col = 2})"),
             "[32,302]");
    CHECK(qt::file_exists(dir + "/bin_a.csv"));
    CHECK_EQ(r.run("db:bin_to_csv('bin_a', false)"), "");

    CHECK(contains(r.run("db:open_file('bin_a', 'x')"), "Cannot open_file: mode must be \"r\" or \"w\""));
    CHECK(contains(r.run("db:open_file('bin_a', 'rw')"), "Cannot open_file: mode must be \"r\" or \"w\""));
    CHECK(contains(r.run("db:open_file('bin_x', 'w')"), "Metadata must be provided when opening a file in write mode."));
    CHECK(contains(r.run("db:open_file('bin_x', 'w', 5)"), "BinaryMetadata expected"));
    CHECK(contains(r.run("return db:open_file('bin_a','r')"), "Cannot run: script returned an unsupported Lua type"));
    CHECK(contains(r.run("return quiver.expression(db:open_file('bin_a','r'))"), "Cannot run: script returned an unsupported Lua type"));
    CHECK(contains(r.run("return quiver.metadata_from_toml(db:open_file('bin_a','r'):get_metadata():to_toml())"),
                   "Cannot run: script returned an unsupported Lua type"));
}

void sandbox(Runner& r, const std::string& dir) {
    std::filesystem::create_directories(dir + "/sub");
    const std::string write_md = std::string(kMetadata3x2);
    CHECK_EQ(r.run(write_md + "db:open_file('bin_rel', 'w', md):close()\ndb:open_file('sub/bin', 'w', md):close()\n"
                   "db:open_file('" + dir + "/bin_abs', 'w', md):close()"),
             "");
    CHECK(qt::file_exists(dir + "/bin_rel.qvr") && qt::file_exists(dir + "/sub/bin.qvr") && qt::file_exists(dir + "/bin_abs.qvr"));
    CHECK(!qt::file_exists("bin_rel.qvr"));
    CHECK(contains(r.run(write_md + "db:open_file('../escape', 'w', md)"), "Cannot open_file: path '../escape' escapes the database directory"));
    CHECK(contains(r.run(write_md + "db:open_file('/tmp/elsewhere', 'w', md)"), "escapes the database directory"));
    CHECK(contains(r.run(write_md + "db:open_file('.', 'w', md)"), "escapes the database directory"));
    CHECK(contains(r.run("db:bin_to_csv('../x')"), "Cannot bin_to_csv: path '../x' escapes the database directory"));
    CHECK(contains(r.run("db:csv_to_bin('../x')"), "Cannot csv_to_bin: path '../x' escapes the database directory"));
    CHECK(contains(r.run("quiver.expression(db:open_file('bin_rel', 'r')):save('../out')"),
                   "Cannot save: path '../out' escapes the database directory"));
}

void expressions(Runner& r, const std::string& dir) {
    const auto fill = [&](const std::string& name, const std::string& v1, const std::string& v2) {
        CHECK_EQ(r.run(write_3x2(name, v1, v2)), "");
    };
    const std::string open = "local fa = db:open_file('fa', 'r')\nlocal fb = db:open_file('fb', 'r')\nlocal fc = db:open_file('fc', 'r');\n";
    // Each script closes its reader of 'out': Windows refuses to replace a file that is still open.
    const auto result = [&](const std::string& expression) {
        return r.run(open + "(" + expression + "):save('out')\nlocal o = db:open_file('out', 'r')\n"
                     "local v = o:read({row = 2, col = 1}, true)\no:close()\nreturn v");
    };
    fill("fa", "3", "3");
    fill("fb", "4", "4");
    fill("fc", "5", "5");
    CHECK_EQ(result("(quiver.expression(fa) + fb) * 2.0"), "[14,14]");
    CHECK_EQ(result("2.0 * quiver.expression(fc) - 1.0"), "[9,9]");
    CHECK_EQ(result("fa + fb"), "[7,7]");
    CHECK_EQ(result("fa / fb"), "[0.75,0.75]");
    CHECK_EQ(result("-fa"), "[-3,-3]");
    CHECK_EQ(result("1 - fa"), "[-2,-2]");
    fill("fa", "4", "9");
    CHECK_EQ(result("quiver.sqrt(quiver.expression(fa))"), "[2,3]");
    CHECK_EQ(result("quiver.abs(-fa)"), "[4,9]");
    fill("fa", "1", "0");
    fill("fb", "10", "10");
    fill("fc", "20", "20");
    CHECK_EQ(result("quiver.ifelse(fa, fb, fc)"), "[10,20]");

    // Aggregates (value = row) and label operations.
    fill("fa", "row", "row");
    CHECK_EQ(r.run(open + "quiver.expression(fa):aggregate('row', 'sum'):save('out')\nlocal o = db:open_file('out', 'r')\n"
                   "local d = o:get_metadata():get_dimensions()\nlocal v = {#d, d[1].name, o:read({col = 1}), o:read({col = 2})}\n"
                   "o:close()\nreturn v"),
             "[1,\"col\",[6,6],[6,6]]");
    CHECK_EQ(r.run(open + "quiver.expression(fa):aggregate('row', 'percentile', 0.5):save('out')\n"
                   "local o = db:open_file('out', 'r')\nlocal v = o:read({col = 1})\no:close()\nreturn v"),
             "[2,2]");
    CHECK(contains(r.run(open + "quiver.expression(fa):aggregate('row', 'bogus')"), "Cannot aggregate: unknown operation 'bogus'"));
    fill("fa", "10", "20");
    CHECK_EQ(r.run(open + "local e = quiver.expression(fa):aggregate_agents('mean')\ne:save('out')\n"
                   "local o = db:open_file('out', 'r')\nlocal v = {e:metadata():get_labels(), o:read({row = 1, col = 1})}\n"
                   "o:close()\nreturn v"),
             "[[\"mean\"],[15]]");
    CHECK(contains(r.run(open + "quiver.expression(fa):aggregate_agents('bogus')"), "Cannot aggregate_agents: unknown operation 'bogus'"));
    CHECK(contains(r.run(open + "quiver.expression(fa):aggregate_agents('sum', 0.5)"),
                   "Cannot aggregate_agents: operation 'sum' does not accept a parameter"));
    CHECK_EQ(r.run(open + "local e = quiver.expression(fa):select_agents({'v2'})\ne:save('out')\n"
                   "local o = db:open_file('out', 'r')\nlocal v = {e:metadata():get_labels(), o:read({row = 1, col = 1})}\n"
                   "o:close()\nreturn v"),
             "[[\"v2\"],[20]]");
    CHECK_EQ(r.run(open + "return quiver.expression(fa):rename_agents({v1 = 'alpha'}):metadata():get_labels()"), "[\"alpha\",\"v2\"]");

    // Saving over an input; relative output inside the database folder.
    CHECK(contains(r.run("local e = quiver.expression(db:open_file('fa', 'r')) * 2.0\ne:save('fa')"),
                   "Cannot save: output path collides with input file"));
    CHECK_EQ(r.run("(quiver.expression(db:open_file('fa', 'r')) * 2.0):save('out_rel')"), "");
    CHECK(qt::file_exists(dir + "/out_rel.qvr"));

    // Comparisons and logic.
    fill("fa", "5", "1");
    fill("fb", "3", "3");
    CHECK_EQ(result("quiver.gt(fa, fb)"), "[1,0]");
    CHECK_EQ(result("quiver.lte(quiver.expression(fa), 4.0)"), "[0,1]");
    fill("fb", "10", "10");
    fill("fc", "20", "20");
    CHECK_EQ(result("quiver.ifelse(quiver.gt(quiver.expression(fa), 3.0), fb, fc)"), "[10,20]");
    fill("fa", "0/0", "5");
    CHECK_EQ(result("quiver.gt(fa, 3.0)"), "[null,1]");
    CHECK(contains(r.run("quiver.gt(2, 1)"), "Cannot build expression: operand must be an expression or a binary file"));
    CHECK(contains(r.run("quiver.expression(3)"), "Cannot build expression: operand must be an expression or a binary file"));
    fill("fa", "1", "0");
    fill("fb", "1", "1");
    CHECK_EQ(result("fa & fb"), "[1,0]");
    CHECK_EQ(result("fa | fb"), "[1,1]");
    CHECK_EQ(result("~fa"), "[0,1]");
    fill("fa", "5", "0.5");
    fill("fb", "10", "10");
    CHECK_EQ(result("quiver.ifelse(quiver.gt(quiver.expression(fa), 1.0) & ~quiver.gt(quiver.expression(fa), 8.0), fb, fc)"), "[10,20]");
    CHECK_EQ(r.run(open + "return {(~fa):metadata():get_unit(), quiver.abs(fa):metadata():get_unit()}"), "[\"\",\"MW\"]");
}

}  // namespace

void test_lua_binary() {
    in_memory();
    // generic (forward-slash) form: the path is spliced into Lua string literals
    const std::string dir = std::filesystem::weakly_canonical(qt::temp_path("lua_binary")).generic_string();
    std::filesystem::create_directories(dir);
    Runner r(dir + "/test.db");
    if (!r.runner) return;
    metadata_and_files(r, dir);
    sandbox(r, dir);
    expressions(r, dir);
}
