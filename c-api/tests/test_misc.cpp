// Metadata get/list/free, queries with parameters, reports, CSV export/import round trip, and
// the Lua runner (run, free, get_error, errors raised inside scripts).
#include <cmath>
#include <string>

#include "check.hpp"

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void metadata(quiver_database_t* db) {
    quiver_scalar_metadata_t m{};
    CHECK_OK(quiver_database_get_scalar_metadata(db, "Farm", "hectares", &m));
    CHECK_EQ(m.name, "hectares");
    CHECK_EQ(static_cast<int>(m.data_type), static_cast<int>(QUIVER_DATA_TYPE_INTEGER));
    CHECK_EQ(m.default_value, "10");
    CHECK(m.not_null == 0 && m.primary_key == 0 && m.is_foreign_key == 0 && m.references_collection == nullptr);
    CHECK_OK(quiver_database_free_scalar_metadata(&m));
    CHECK(m.name == nullptr);
    CHECK_OK(quiver_database_get_scalar_metadata(db, "Barn", "farm_id", &m));
    CHECK(m.is_foreign_key == 1);
    CHECK_EQ(m.references_collection, "Farm");
    CHECK_EQ(m.references_column, "id");
    CHECK_OK(quiver_database_free_scalar_metadata(&m));
    CHECK_ERR(quiver_database_get_scalar_metadata(db, "Farm", "zzz", &m), "Scalar attribute not found: 'zzz' in collection 'Farm'");
    CHECK_ERR(quiver_database_get_scalar_metadata(db, "Zzz", "zzz", &m), "Cannot get_scalar_metadata: collection not found: Zzz");

    quiver_group_metadata_t g{};
    CHECK_OK(quiver_database_get_vector_metadata(db, "Farm", "yields", &g));
    CHECK_EQ(g.group_name, "yields");
    CHECK(g.dimension_column == nullptr && g.value_column_count == 2);
    if (g.value_column_count == 2) CHECK_EQ(g.value_columns[1].name, "harvest_count");
    CHECK_OK(quiver_database_free_group_metadata(&g));
    CHECK_OK(quiver_database_get_set_metadata(db, "Farm", "crops", &g));
    CHECK_OK(quiver_database_free_group_metadata(&g));
    CHECK_OK(quiver_database_get_time_series_metadata(db, "Farm", "weather", &g));
    CHECK_EQ(g.dimension_column, "date_time");
    CHECK_OK(quiver_database_free_group_metadata(&g));
    CHECK_ERR(quiver_database_get_vector_metadata(db, "Farm", "crop_yield", &g), "Vector group not found: 'crop_yield' in collection 'Farm'");

    quiver_scalar_metadata_t* list = nullptr;
    size_t n = 0;
    CHECK_OK(quiver_database_list_scalar_attributes(db, "Farm", &list, &n));
    if (n == 7) {
        CHECK_EQ(list[0].name, "id");
        CHECK_EQ(list[6].name, "organic");
    } else {
        CHECK_EQ(n, size_t{7});
    }
    CHECK_OK(quiver_database_free_scalar_metadata_array(list, n));
    quiver_group_metadata_t* groups = nullptr;
    CHECK_OK(quiver_database_list_vector_groups(db, "Farm", &groups, &n));
    CHECK_EQ(n, size_t{1});
    CHECK_OK(quiver_database_free_group_metadata_array(groups, n));
    CHECK_OK(quiver_database_list_set_groups(db, "Barn", &groups, &n));
    CHECK_EQ(n, size_t{1});
    CHECK_OK(quiver_database_free_group_metadata_array(groups, n));
    CHECK_OK(quiver_database_list_time_series_groups(db, "Farm", &groups, &n));
    CHECK_EQ(n, size_t{1});
    CHECK_OK(quiver_database_free_group_metadata_array(groups, n));
    CHECK_OK(quiver_database_list_vector_groups(db, "Zzz", &groups, &n));
    CHECK(n == 0 && groups == nullptr);
    CHECK_ERR(quiver_database_free_group_metadata_array(nullptr, 0), "Null argument: metadata");
}

void queries(quiver_database_t* db) {
    int64_t i = 7;
    double f = 0;
    char* s = nullptr;
    int has = -1;
    CHECK_OK(quiver_database_query_integer(db, "SELECT 1.5", &i, &has));
    CHECK(has == 0 && i == 7);
    CHECK_OK(quiver_database_query_float(db, "SELECT 2", &f, &has));
    CHECK(has == 1 && f == 2.0);
    CHECK_OK(quiver_database_query_string(db, "SELECT 42", &s, &has));
    CHECK(has == 0 && s == nullptr);
    CHECK_OK(quiver_database_query_string(db, "SELECT 'a'; SELECT 'b'", &s, &has));
    CHECK_EQ(s, "a");
    CHECK_OK(quiver_database_free_string(s));
    CHECK_ERR(quiver_database_query_integer(db, "", &i, &has), "Failed to execute statement: not an error");
    CHECK_ERR(quiver_database_query_integer(db, "SELEC 1", &i, &has), "Failed to prepare statement: near \"SELEC\": syntax error");
    CHECK_ERR(quiver_database_query_integer(db, "SELECT ?", &i, &has),
              "Failed to execute statement: expected 1 bound parameter(s) but got 0");

    int string_type[] = {QUIVER_DATA_TYPE_STRING};
    const void* hi[] = {"  hi  "};
    CHECK_OK(quiver_database_query_string_params(db, "SELECT ?", string_type, hi, 1, &s, &has));
    CHECK_EQ(s, "hi");
    CHECK_OK(quiver_database_free_string(s));
    const void* null_string[] = {nullptr};
    CHECK_ERR(quiver_database_query_string_params(db, "SELECT ?", string_type, null_string, 1, &s, &has),
              "Cannot query: parameter at index 0 has null string value");
    int date_type[] = {QUIVER_DATA_TYPE_DATE_TIME};
    CHECK_ERR(quiver_database_query_string_params(db, "SELECT ?", date_type, hi, 1, &s, &has),
              "Cannot query: unknown parameter type 3");
    int64_t five = 5;
    double two_and_half = 2.5;
    int numeric_types[] = {QUIVER_DATA_TYPE_INTEGER, QUIVER_DATA_TYPE_FLOAT};
    const void* numbers[] = {&five, &two_and_half};
    CHECK_OK(quiver_database_query_float_params(db, "SELECT ? * ?", numeric_types, numbers, 2, &f, &has));
    CHECK_EQ(f, 12.5);
    int null_type[] = {QUIVER_DATA_TYPE_NULL};
    CHECK_OK(quiver_database_query_integer_params(db, "SELECT ? IS NULL", null_type, null_string, 1, &i, &has));
    CHECK_EQ(i, int64_t{1});
    const void* label[] = {"F1"};
    CHECK_OK(quiver_database_query_integer_params(db, "SELECT id FROM Farm WHERE label = ?", string_type, label, 1, &i, &has));
    CHECK(has == 1 && i == 1);
}

void reports(quiver_database_t* db) {
    char* text = nullptr;
    CHECK_OK(quiver_database_describe(db, &text));
    std::string all = text ? text : "";
    CHECK_OK(quiver_database_free_string(text));
    CHECK(contains(all, "Database: :memory:\nVersion: 0\n\nCollection: Barn (1 element)\n"));
    CHECK(contains(all, "  Time Series:\n    - weather: [date_time], rain(REAL)\n"));
    CHECK_OK(quiver_database_describe_collection(db, "Configuration", &text));
    CHECK_EQ(text, "Collection: Configuration (0 elements)\n  Scalars:\n    - id (INTEGER) PRIMARY KEY\n"
                   "    - label (TEXT) NOT NULL\n");
    CHECK_OK(quiver_database_free_string(text));
    CHECK_OK(quiver_database_summarize_collection(db, "Farm", &text));
    CHECK(text != nullptr && contains(text, "Farm"));
    CHECK_OK(quiver_database_free_string(text));
    CHECK_ERR(quiver_database_describe_collection(db, "Nope", &text), "Cannot describe_collection: collection not found: Nope");
    CHECK_ERR(quiver_database_summarize_collection(db, "Nope", &text), "Cannot summarize_collection: collection not found: Nope");
}

void csv(quiver_database_t* db) {
    std::string scalars = qt::temp_path("csv/farm.csv");
    std::string yields = qt::temp_path("csv/yields.csv");
    CHECK_OK(quiver_database_export_csv(db, "Farm", "", scalars.c_str(), nullptr));
    std::string text = qt::read_text(scalars);
    CHECK(text.rfind("sep=,\nlabel,area,hectares,owner,date_founded,organic\nF1,", 0) == 0);
    CHECK(contains(text, "\"Two words\","));
    CHECK_OK(quiver_database_export_csv(db, "Farm", "yields", yields.c_str(), nullptr));
    CHECK_EQ(qt::read_text(yields), "sep=,\nid,vector_index,crop_yield,harvest_count\nF1,1,1.5,3\nF1,2,0.25,\n");

    // Import what was exported, after changing the data: the file wins.
    quiver_element_t* e = nullptr;
    quiver_element_create(&e);
    quiver_element_set_float(e, "area", 99.0);
    CHECK_OK(quiver_database_update_element(db, "Farm", 1, e));
    quiver_element_destroy(e);
    quiver_csv_options_t options = quiver_csv_options_default();
    CHECK_OK(quiver_database_import_csv(db, "Farm", "", scalars.c_str(), &options));
    double area = 0;
    int has = 0;
    CHECK_OK(quiver_database_read_scalar_float_by_id(db, "Farm", "area", 1, &area, &has));
    CHECK(has == 1 && area == 12.5);
    CHECK_OK(quiver_database_import_csv(db, "Farm", "yields", yields.c_str(), nullptr));
    CHECK_OK(quiver_database_export_csv(db, "Farm", "yields", yields.c_str(), nullptr));
    CHECK_EQ(qt::read_text(yields), "sep=,\nid,vector_index,crop_yield,harvest_count\nF1,1,1.5,3\nF1,2,0.25,\n");

    // Enum labels on export.
    const char* attrs[] = {"organic"};
    const char* locales[] = {"en"};
    size_t counts[] = {2};
    const char* labels[] = {"No", "Yes"};
    int64_t values[] = {0, 1};
    options.enum_attribute_names = attrs;
    options.enum_locale_names = locales;
    options.enum_entry_counts = counts;
    options.enum_labels = labels;
    options.enum_values = values;
    options.enum_group_count = 1;
    CHECK_OK(quiver_database_export_csv(db, "Farm", "", scalars.c_str(), &options));
    CHECK(contains(qt::read_text(scalars), ",Yes\n"));

    std::string missing = qt::temp_path("csv/missing.csv");
    CHECK_ERR(quiver_database_import_csv(db, "Farm", "", missing.c_str(), nullptr),
              "Cannot import_csv: could not open file: " + missing);
    CHECK_ERR(quiver_database_import_csv(db, "Nope", "", missing.c_str(), nullptr), "Cannot import_csv: collection not found: Nope");
    std::string broken = qt::temp_path("csv/broken.csv");
    qt::write_text(broken, "sep=,\nowner\nx\n");
    CHECK_ERR(quiver_database_import_csv(db, "Farm", "", broken.c_str(), nullptr),
              "Cannot import_csv: CSV file does not contain a 'label' column.");
}

void lua(quiver_database_t* db) {
    quiver_lua_runner_t* runner = nullptr;
    CHECK_ERR(quiver_lua_runner_new(nullptr, &runner), "Null argument: db");
    if (quiver_lua_runner_new(db, &runner) != QUIVER_OK) {
        qt::fail(__FILE__, __LINE__, "quiver_lua_runner_new: " + qt::last_error());
        return;
    }
    char* out = nullptr;
    const char* error = "unset";
    CHECK_OK(quiver_lua_runner_run(runner, "return {n = db:number_of_elements('Farm'), s = 'x\\n', f = 0.1}", &out));
    CHECK_EQ(out, "{\"f\":0.1,\"n\":2,\"s\":\"x\\n\"}");
    CHECK_OK(quiver_lua_runner_free_string(out));
    CHECK_OK(quiver_lua_runner_get_error(runner, &error));
    CHECK(error == nullptr);

    // State persists between runs; writes go through the same database.
    CHECK_OK(quiver_lua_runner_run(runner, "counter = db:create_element('Farm', {label = 'FromLua', hectares = 4})", &out));
    CHECK_EQ(out, "");
    CHECK_OK(quiver_lua_runner_free_string(out));
    CHECK_OK(quiver_lua_runner_run(runner, "return db:read_scalar_integers('Farm', 'hectares')[counter]", &out));
    CHECK_EQ(out, "4");
    CHECK_OK(quiver_lua_runner_free_string(out));

    out = nullptr;
    CHECK(quiver_lua_runner_run(runner, "error('boom')", &out) == QUIVER_ERROR);
    std::string message = qt::last_error();
    CHECK(message.rfind("Failed to run Lua script: ", 0) == 0 && contains(message, "boom"));
    CHECK(out == nullptr);
    CHECK_OK(quiver_lua_runner_get_error(runner, &error));
    CHECK(error != nullptr && message == error);
    CHECK_ERR(quiver_lua_runner_run(runner, "db:number_of_elements('Nope')", &out),
              "Failed to run Lua script: Cannot number_of_elements: collection not found: Nope");
    CHECK_ERR(quiver_lua_runner_run(runner, "return print", &out), "Cannot run: script returned an unsupported Lua type");
    CHECK_ERR(quiver_lua_runner_run(runner, "db:export_csv('Farm', '', 'x.csv')", &out),
              "Failed to run Lua script: Cannot export_csv: database is in-memory, file operations are unavailable");
    CHECK_ERR(quiver_lua_runner_run(runner, nullptr, &out), "Null argument: script");
    CHECK_ERR(quiver_lua_runner_get_error(runner, nullptr), "Null argument: out_error");
    CHECK_OK(quiver_lua_runner_run(runner, "-- only a comment", &out));
    CHECK_EQ(out, "");
    CHECK_OK(quiver_lua_runner_free_string(out));
    CHECK_OK(quiver_lua_runner_free_string(nullptr));
    CHECK_OK(quiver_lua_runner_free(runner));
}

}  // namespace

void test_misc() {
    quiver_database_t* db = qt::open_fixture("farm.sql");
    if (!db) return;
    int64_t f1 = qt::make(db, "Farm", "F1");
    qt::make(db, "Farm", "Two words");
    qt::make(db, "Barn", "B1");
    quiver_element_t* e = nullptr;
    if (quiver_element_create(&e) == QUIVER_OK) {
        double yields[] = {1.5, 0.25};
        int64_t harvest[] = {3, 0};
        uint8_t present[] = {1, 0};
        quiver_element_set_float(e, "area", 12.5);
        quiver_element_set_integer(e, "organic", 1);
        quiver_element_set_array_float(e, "crop_yield", yields, 2, nullptr);
        quiver_element_set_array_integer(e, "harvest_count", harvest, 2, present);
        CHECK_OK(quiver_database_update_element(db, "Farm", f1, e));
        quiver_element_destroy(e);
    }
    metadata(db);
    queries(db);
    reports(db);
    csv(db);
    lua(db);
    CHECK_OK(quiver_database_close(db));
}
