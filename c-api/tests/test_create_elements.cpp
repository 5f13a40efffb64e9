// quiver_database_create_elements (+ _with_progress) and quiver_database_create_element_values:
// columns in, ids out, all or nothing, the row named in every row error, batches of rows with
// consecutive ids, and the packed single create.
#include <cstring>
#include <string>
#include <vector>

#include "check.hpp"
#include "quiver/c/extensions.h"

namespace {

int64_t count_rows(quiver_database_t* db, const char* sql) {
    int64_t value = -1;
    int has = 0;
    if (quiver_database_query_integer(db, sql, &value, &has) != QUIVER_OK) return -1;
    return has ? value : -1;
}

void scalars_and_ids() {
    quiver_database_t* db = qt::open_fixture("farm.sql");
    REQUIRE(db);
    const char* names[] = {"label", "area", "hectares"};
    int types[] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_FLOAT, QUIVER_DATA_TYPE_INTEGER};
    const char* labels[] = {" F1 ", "F2", "F3"};
    double areas[] = {1.5, 2.5, 3.5};
    int64_t hectares[] = {7, 0, 9};
    const void* data[] = {labels, areas, hectares};
    uint8_t hectare_mask[] = {1, 2, 0};  // value, not given (DEFAULT 10), NULL
    const uint8_t* masks[] = {nullptr, nullptr, hectare_mask};
    int64_t ids[3] = {0, 0, 0};
    CHECK_OK(quiver_database_create_elements(db, "Farm", names, types, data, masks, nullptr, 3, 3, ids));
    CHECK_EQ(ids[0], 1);
    CHECK_EQ(ids[2], 3);
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm WHERE label = 'F1'"), 1);  // trimmed
    CHECK_EQ(count_rows(db, "SELECT hectares FROM Farm WHERE id = 1"), 7);
    CHECK_EQ(count_rows(db, "SELECT hectares FROM Farm WHERE id = 2"), 10);
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm WHERE id = 3 AND hectares IS NULL"), 1);

    // No rows: nothing to do, but the collection must exist.
    CHECK_OK(quiver_database_create_elements(db, "Farm", nullptr, nullptr, nullptr, nullptr, nullptr, 0, 0, nullptr));
    CHECK_ERR(quiver_database_create_elements(db, "Nope", nullptr, nullptr, nullptr, nullptr, nullptr, 0, 0, nullptr),
              "Cannot create_elements: collection not found: Nope");
    quiver_database_close(db);
}

void arrays_and_labels() {
    quiver_database_t* db = qt::open_fixture("farm.sql");
    REQUIRE(db);
    const char* names[] = {"label", "crop_yield", "crop"};
    int types[] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_FLOAT, QUIVER_DATA_TYPE_STRING};
    const char* labels[] = {"A", "B"};
    double yields[] = {1.0, 2.0, 3.0};
    const char* crops[] = {"corn"};
    int64_t yield_offsets[] = {0, 2, 3};
    int64_t crop_offsets[] = {0, 0, 1};
    const void* data[] = {labels, yields, crops};
    const int64_t* offsets[] = {nullptr, yield_offsets, crop_offsets};
    int64_t ids[2] = {0, 0};
    CHECK_OK(quiver_database_create_elements(db, "Farm", names, types, data, nullptr, offsets, 3, 2, ids));
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm_vector_yields WHERE id = 1"), 2);
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm_vector_yields WHERE id = 2"), 1);
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm_set_crops WHERE id = 2 AND crop = 'corn'"), 1);
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm_set_crops WHERE id = 1"), 0);

    // Foreign-key labels become ids; an unknown one names its row.
    const char* barn_names[] = {"label", "farm_id"};
    int barn_types[] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_STRING};
    const char* barn_labels[] = {"b1", "b2"};
    const char* farms[] = {"B", "A"};
    const void* barn_data[] = {barn_labels, farms};
    CHECK_OK(quiver_database_create_elements(db, "Barn", barn_names, barn_types, barn_data, nullptr, nullptr, 2, 2, ids));
    CHECK_EQ(count_rows(db, "SELECT farm_id FROM Barn WHERE label = 'b1'"), 2);
    const char* bad_farms[] = {"A", "Z"};
    const char* more_labels[] = {"b3", "b4"};
    const void* bad_data[] = {more_labels, bad_farms};
    CHECK_ERR(quiver_database_create_elements(db, "Barn", barn_names, barn_types, bad_data, nullptr, nullptr, 2, 2, ids),
              "Cannot create_elements: row 1: Failed to resolve label 'Z' to ID in table 'Farm'");
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Barn"), 2);  // b3 was rolled back
    quiver_database_close(db);
}

void errors_change_nothing() {
    quiver_database_t* db = qt::open_fixture("farm.sql");
    REQUIRE(db);
    const char* names[] = {"label", "hectares"};
    int types[] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_FLOAT};
    const char* labels[] = {"A", "B"};
    double hectares[] = {1.0, 2.5};
    const void* data[] = {labels, hectares};
    int64_t ids[200];
    CHECK_ERR(quiver_database_create_elements(db, "Farm", names, types, data, nullptr, nullptr, 2, 2, ids),
              "Cannot create_elements: row 0: type mismatch for column 'hectares': expected INTEGER, got REAL");
    const char* unknown[] = {"label", "nope"};
    CHECK_ERR(quiver_database_create_elements(db, "Farm", unknown, types, data, nullptr, nullptr, 2, 2, ids),
              "Cannot create_elements: row 0: Column 'nope' not found in table 'Farm'");
    const char* twice[] = {"label", "label"};
    CHECK_ERR(quiver_database_create_elements(db, "Farm", twice, types, data, nullptr, nullptr, 2, 2, ids),
              "Cannot create_elements: column 'label' is given twice");
    int bad_types[] = {QUIVER_DATA_TYPE_STRING, 9};
    CHECK_ERR(quiver_database_create_elements(db, "Farm", names, bad_types, data, nullptr, nullptr, 2, 2, ids),
              "Cannot create_elements: column 'hectares': unknown column type 9");
    uint8_t bad_mask[] = {1, 3};
    const uint8_t* masks[] = {nullptr, bad_mask};
    CHECK_ERR(quiver_database_create_elements(db, "Farm", names, types, data, masks, nullptr, 2, 2, ids),
              "Cannot create_elements: column 'hectares': mask value 3 at row 1");
    uint8_t none[] = {2, 2};
    const uint8_t* absent[] = {none, none};
    CHECK_ERR(quiver_database_create_elements(db, "Farm", names, types, data, absent, nullptr, 2, 2, ids),
              "Cannot create_elements: row 0: element must have at least one scalar attribute");
    int64_t backwards[] = {0, 2, 1};
    const int64_t* offsets[] = {nullptr, backwards};
    CHECK_ERR(quiver_database_create_elements(db, "Farm", names, types, data, nullptr, offsets, 2, 2, ids),
              "Cannot create_elements: column 'hectares': offsets must start at 0 and never decrease (row 1)");
    CHECK_ERR(quiver_database_create_elements(db, "Farm", names, types, data, nullptr, nullptr, 2, 2, nullptr),
              "Null argument: out_ids");

    // 150 rows (batches of 64 and single rows), the duplicate label at row 130: nothing stays.
    std::vector<std::string> many(150);
    std::vector<const char*> many_ptrs(150);
    for (size_t i = 0; i < many.size(); ++i) many[i] = std::string("F").append(std::to_string(i));
    many[130] = "F5";
    for (size_t i = 0; i < many.size(); ++i) many_ptrs[i] = many[i].c_str();
    const char* label_only[] = {"label"};
    int text[] = {QUIVER_DATA_TYPE_STRING};
    const void* many_data[] = {many_ptrs.data()};
    CHECK_ERR(quiver_database_create_elements(db, "Farm", label_only, text, many_data, nullptr, nullptr, 1, 150, ids),
              "Cannot create_elements: row 130: Failed to execute statement: UNIQUE constraint failed: Farm.label");
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm"), 0);

    // Inside a transaction: this call's rows are undone, the transaction and its earlier rows stay.
    CHECK_OK(quiver_database_begin_transaction(db));
    CHECK(qt::make(db, "Farm", "kept") > 0);
    CHECK_ERR(quiver_database_create_elements(db, "Farm", label_only, text, many_data, nullptr, nullptr, 1, 150, ids),
              "Cannot create_elements: row 130: Failed to execute statement: UNIQUE constraint failed: Farm.label");
    int active = 0;
    CHECK_OK(quiver_database_in_transaction(db, &active));
    CHECK_EQ(active, 1);
    CHECK_OK(quiver_database_commit(db));
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm"), 1);

    // Fixed: 150 rows with consecutive ids after the kept one.
    many[130] = "F130";
    many_ptrs[130] = many[130].c_str();
    CHECK_OK(quiver_database_create_elements(db, "Farm", label_only, text, many_data, nullptr, nullptr, 1, 150, ids));
    CHECK_EQ(ids[0], 2);
    CHECK_EQ(ids[149], 151);
    CHECK_EQ(count_rows(db, "SELECT id FROM Farm WHERE label = 'F77'"), ids[77]);
    quiver_database_close(db);
}

void progress_and_cancel() {
    quiver_database_t* db = qt::open_fixture("farm.sql");
    REQUIRE(db);
    std::vector<std::string> labels(100);
    std::vector<const char*> ptrs(100);
    for (size_t i = 0; i < labels.size(); ++i) {
        labels[i] = std::string("P").append(std::to_string(i));
        ptrs[i] = labels[i].c_str();
    }
    const char* names[] = {"label"};
    int types[] = {QUIVER_DATA_TYPE_STRING};
    const void* data[] = {ptrs.data()};
    int64_t ids[100];
    quiver_progress_t* p = nullptr;
    CHECK_OK(quiver_progress_new(&p));
    CHECK_OK(quiver_progress_cancel(p));
    CHECK_ERR(quiver_database_create_elements_with_progress(db, "Farm", names, types, data, nullptr, nullptr, 1, 100, ids,
                                                            p),
              "Cannot create_elements: cancelled");
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm"), 0);
    CHECK_OK(quiver_progress_free(p));
    CHECK_OK(quiver_progress_new(&p));
    CHECK_OK(quiver_database_create_elements_with_progress(db, "Farm", names, types, data, nullptr, nullptr, 1, 100, ids,
                                                           p));
    int64_t done = -1, total = -1;
    CHECK_OK(quiver_progress_get(p, &done, &total));
    CHECK_EQ(done, 100);
    CHECK_EQ(total, 100);
    CHECK_OK(quiver_progress_free(p));
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm"), 100);
    quiver_database_close(db);
}

void packed_single_create() {
    quiver_database_t* db = qt::open_fixture("farm.sql");
    REQUIRE(db);
    // label = "F1", area = 2.5, hectares = 4, owner = NULL
    const char text[] = "label\0area\0hectares\0owner\0 F1 ";
    int64_t slots[8] = {0, 26, 6, 0, 11, 4, 20, 0};
    double area = 2.5;
    std::memcpy(&slots[3], &area, sizeof area);
    int types[] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_FLOAT, QUIVER_DATA_TYPE_INTEGER, QUIVER_DATA_TYPE_NULL};
    const uint8_t* bytes = reinterpret_cast<const uint8_t*>(text);
    int64_t id = 0;
    CHECK_OK(quiver_database_create_element_values(db, "Farm", types, slots, bytes, sizeof text, 4, &id));
    CHECK_EQ(id, 1);
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm WHERE label = 'F1' AND area = 2.5 AND hectares = 4 AND owner IS NULL"), 1);
    // create_element's own messages.
    CHECK_ERR(quiver_database_create_element_values(db, "Farm", types, slots, bytes, sizeof text, 4, &id),
              "Failed to execute statement: UNIQUE constraint failed: Farm.label");
    int float_label[] = {QUIVER_DATA_TYPE_FLOAT};
    CHECK_ERR(quiver_database_create_element_values(db, "Farm", float_label, slots, bytes, sizeof text, 1, &id),
              "Cannot create_element: type mismatch for column 'label': expected TEXT, got REAL");
    CHECK_ERR(quiver_database_create_element_values(db, "Nope", types, slots, bytes, sizeof text, 4, &id),
              "Cannot create_element: collection not found: Nope");
    CHECK_ERR(quiver_database_create_element_values(db, "Farm", types, slots, bytes, 0, 0, &id),
              "Cannot create_element: element must have at least one scalar attribute");
    int64_t outside[2] = {400, 0};
    CHECK_ERR(quiver_database_create_element_values(db, "Farm", types, outside, bytes, sizeof text, 1, &id),
              "Cannot create_element: text offset 400 of attribute 0 is outside the text (or unterminated)");
    int bad[] = {7};
    CHECK_ERR(quiver_database_create_element_values(db, "Farm", bad, slots, bytes, sizeof text, 1, &id),
              "Cannot create_element: unknown value type 7 for 'label'");
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm"), 1);
    quiver_database_close(db);
}

// The plan cache must not outlive the schema model it points into, nor keep one call's labels.
void plans_follow_the_database() {
    quiver_database_t* db = qt::open_fixture("farm.sql");
    REQUIRE(db);
    CHECK(qt::make(db, "Farm", "A") > 0);
    quiver_element_t* e = nullptr;
    REQUIRE(quiver_element_create(&e) == QUIVER_OK);
    CHECK_OK(quiver_element_set_string(e, "label", "b1"));
    CHECK_OK(quiver_element_set_string(e, "farm_id", "A"));
    int64_t id = 0;
    CHECK_OK(quiver_database_create_element(db, "Barn", e, &id));
    // The label A now names another farm: the next create must look it up again.
    int64_t changed = 0;
    int has = 0;
    CHECK_OK(quiver_database_query_integer(db, "UPDATE Farm SET label = 'old' WHERE label = 'A' RETURNING id", &changed, &has));
    CHECK(qt::make(db, "Farm", "A") > 0);
    CHECK_OK(quiver_element_set_string(e, "label", "b2"));
    CHECK_OK(quiver_database_create_element(db, "Barn", e, &id));
    CHECK_EQ(count_rows(db, "SELECT farm_id FROM Barn WHERE label = 'b2'"), 2);
    quiver_element_destroy(e);
    quiver_database_close(db);
}

}  // namespace

void test_create_elements() {
    scalars_and_ids();
    arrays_and_labels();
    errors_change_nothing();
    progress_and_cancel();
    packed_single_create();
    plans_follow_the_database();
}
