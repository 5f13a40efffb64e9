// Every read kind with its matching free: bulk and by-id scalars, vector and set lists (all
// elements and one element), element ids and counts, including empty results.
#include <cmath>

#include "check.hpp"

namespace {

void empty_reads(quiver_database_t* db) {
    int64_t* ints = nullptr;
    uint8_t* mask = nullptr;
    size_t n = 99;
    CHECK_OK(quiver_database_read_scalar_integers(db, "Farm", "hectares", &ints, &mask, &n));
    CHECK(n == 0 && ints == nullptr && mask == nullptr);
    CHECK_OK(quiver_database_read_element_ids(db, "Farm", &ints, &n));
    CHECK(n == 0 && ints == nullptr);
    int64_t** vectors = nullptr;
    size_t* sizes = nullptr;
    CHECK_OK(quiver_database_read_vector_integers(db, "Farm", "harvest_count", &vectors, &sizes, &n));
    CHECK(n == 0 && vectors == nullptr && sizes == nullptr);
}

// Farms A (area NULL, owner NULL), B (owner "   "), D (area 2.5); vectors and sets on A and D.
void populate(quiver_database_t* db) {
    quiver_element_t* e = nullptr;
    if (quiver_element_create(&e) != QUIVER_OK) return;
    int64_t id = 0;
    int64_t harvest[] = {5, 0, 7};
    uint8_t present[] = {1, 0, 1};
    const char* crops[] = {"zucchini", " apple", "mango\t"};
    quiver_element_set_string(e, "label", "A");
    quiver_element_set_array_integer(e, "harvest_count", harvest, 3, present);
    quiver_element_set_array_string(e, "crop", crops, 3, nullptr);
    CHECK_OK(quiver_database_create_element(db, "Farm", e, &id));
    quiver_element_clear(e);
    quiver_element_set_string(e, "label", "B");
    quiver_element_set_string(e, "owner", "   ");
    CHECK_OK(quiver_database_create_element(db, "Farm", e, &id));
    quiver_element_clear(e);
    double yields[] = {1.25, 2.5};
    const char* one_crop[] = {"rye"};
    quiver_element_set_string(e, "label", "D");
    quiver_element_set_float(e, "area", 2.5);
    quiver_element_set_string(e, "date_founded", "2001-02-03T04:05:06");
    quiver_element_set_array_float(e, "crop_yield", yields, 2, nullptr);
    quiver_element_set_array_string(e, "crop", one_crop, 1, nullptr);
    CHECK_OK(quiver_database_create_element(db, "Farm", e, &id));
    quiver_element_destroy(e);
}

void scalar_reads(quiver_database_t* db) {
    double* floats = nullptr;
    uint8_t* mask = nullptr;
    size_t n = 0;
    CHECK_OK(quiver_database_read_scalar_floats(db, "Farm", "area", &floats, &mask, &n));
    if (n == 3) {
        CHECK(mask[0] == 0 && mask[1] == 0 && mask[2] == 1);
        CHECK_EQ(floats[2], 2.5);
    } else {
        CHECK_EQ(n, size_t{3});
    }
    CHECK_OK(quiver_database_free_float_array(floats));
    CHECK_OK(quiver_database_free_mask(mask));

    int64_t* ints = nullptr;
    CHECK_OK(quiver_database_read_scalar_integers(db, "Farm", "hectares", &ints, &mask, &n));
    CHECK(n == 3 && ints[0] == 10 && ints[2] == 10 && mask[1] == 1);
    CHECK_OK(quiver_database_free_integer_array(ints));
    CHECK_OK(quiver_database_free_mask(mask));

    char** strings = nullptr;
    CHECK_OK(quiver_database_read_scalar_strings(db, "Farm", "owner", &strings, &n));
    if (n == 3) {
        CHECK_EQ(strings[0], static_cast<const char*>(nullptr));
        CHECK_EQ(strings[1], "");
    }
    CHECK_OK(quiver_database_free_string_array(strings, n));

    int64_t value = 42;
    int has = 1;
    CHECK_OK(quiver_database_read_scalar_integer_by_id(db, "Farm", "hectares", 999, &value, &has));
    CHECK(has == 0 && value == 42);
    double f = 0;
    CHECK_OK(quiver_database_read_scalar_float_by_id(db, "Farm", "area", 3, &f, &has));
    CHECK(has == 1 && f == 2.5);
    char* s = nullptr;
    CHECK_OK(quiver_database_read_scalar_string_by_id(db, "Farm", "date_founded", 3, &s, &has));
    CHECK_EQ(s, "2001-02-03T04:05:06");
    CHECK_OK(quiver_database_free_string(s));
    CHECK_OK(quiver_database_read_scalar_string_by_id(db, "Farm", "owner", 1, &s, &has));
    CHECK(has == 0 && s == nullptr);

    CHECK_ERR(quiver_database_read_scalar_integers(db, "Farm", "nope", &ints, &mask, &n),
              "Cannot read_scalar_integers: column 'nope' not found in table 'Farm'");
    CHECK_ERR(quiver_database_read_scalar_floats(db, "Nope", "x", &floats, &mask, &n),
              "Cannot read_scalar_floats: collection not found: Nope");
}

void list_reads(quiver_database_t* db) {
    size_t n = 0;
    size_t* sizes = nullptr;
    int64_t** ivecs = nullptr;
    CHECK_OK(quiver_database_read_vector_integers(db, "Farm", "harvest_count", &ivecs, &sizes, &n));
    // A's NULL cell is skipped; D has yields rows but no harvest_count: {}.
    if (n == 2) {
        CHECK(sizes[0] == 2 && ivecs[0][0] == 5 && ivecs[0][1] == 7);
        CHECK(sizes[1] == 0 && ivecs[1] == nullptr);
    } else {
        CHECK_EQ(n, size_t{2});
    }
    CHECK_OK(quiver_database_free_integer_vectors(ivecs, sizes, n));

    double** fvecs = nullptr;
    CHECK_OK(quiver_database_read_vector_floats(db, "Farm", "crop_yield", &fvecs, &sizes, &n));
    CHECK_EQ(n, size_t{2});
    CHECK_OK(quiver_database_free_float_vectors(fvecs, sizes, n));

    char*** svecs = nullptr;
    CHECK_OK(quiver_database_read_set_strings(db, "Farm", "crop", &svecs, &sizes, &n));
    CHECK_EQ(n, size_t{2});
    CHECK_OK(quiver_database_free_string_vectors(svecs, sizes, n));
    CHECK_OK(quiver_database_read_set_integers(db, "Barn", "farm_link", &ivecs, &sizes, &n));
    CHECK_OK(quiver_database_free_integer_vectors(ivecs, sizes, n));
    CHECK_OK(quiver_database_read_set_floats(db, "Farm", "crop", &fvecs, &sizes, &n));
    CHECK_OK(quiver_database_free_float_vectors(fvecs, sizes, n));
    CHECK_OK(quiver_database_read_vector_strings(db, "Farm", "harvest_count", &svecs, &sizes, &n));
    CHECK_OK(quiver_database_free_string_vectors(svecs, sizes, n));

    char** strings = nullptr;
    CHECK_OK(quiver_database_read_set_strings_by_id(db, "Farm", "crop", 1, &strings, &n));
    if (n == 3) {
        CHECK_EQ(strings[0], "apple");
        CHECK_EQ(strings[1], "mango");
        CHECK_EQ(strings[2], "zucchini");
    } else {
        CHECK_EQ(n, size_t{3});
    }
    CHECK_OK(quiver_database_free_string_array(strings, n));
    int64_t* ints = nullptr;
    CHECK_OK(quiver_database_read_vector_integers_by_id(db, "Farm", "harvest_count", 2, &ints, &n));
    CHECK(n == 0 && ints == nullptr);
    CHECK_OK(quiver_database_read_vector_integers_by_id(db, "Farm", "harvest_count", 1, &ints, &n));
    CHECK_EQ(n, size_t{2});
    CHECK_OK(quiver_database_free_integer_array(ints));
    double* floats = nullptr;
    CHECK_OK(quiver_database_read_vector_floats_by_id(db, "Farm", "crop_yield", 3, &floats, &n));
    CHECK(n == 2 && floats[0] == 1.25);
    CHECK_OK(quiver_database_free_float_array(floats));
    CHECK_OK(quiver_database_read_vector_strings_by_id(db, "Farm", "crop_yield", 3, &strings, &n));
    CHECK_OK(quiver_database_free_string_array(strings, n));
    CHECK_OK(quiver_database_read_set_integers_by_id(db, "Farm", "crop", 1, &ints, &n));
    CHECK_OK(quiver_database_free_integer_array(ints));
    CHECK_OK(quiver_database_read_set_floats_by_id(db, "Farm", "crop", 1, &floats, &n));
    CHECK_OK(quiver_database_free_float_array(floats));

    CHECK_ERR(quiver_database_read_vector_integers(db, "Farm", "yields", &ivecs, &sizes, &n),
              "Cannot read_vector_integers: column 'yields' not found in table 'Farm_vector_yields'");
    CHECK_ERR(quiver_database_read_vector_integers(db, "Farm", "nope", &ivecs, &sizes, &n),
              "Vector attribute 'nope' not found for collection 'Farm'");

    CHECK_OK(quiver_database_read_element_ids(db, "Farm", &ints, &n));
    CHECK(n == 3 && ints[0] == 1 && ints[2] == 3);
    CHECK_OK(quiver_database_free_integer_array(ints));
    int64_t count = 0;
    CHECK_OK(quiver_database_number_of_elements(db, "Farm_vector_yields", &count));
    CHECK_EQ(count, int64_t{5});
    CHECK_ERR(quiver_database_number_of_elements(db, "sqlite_sequence", &count),
              "Cannot number_of_elements: collection not found: sqlite_sequence");
}

}  // namespace

void test_reads() {
    quiver_database_t* db = qt::open_fixture("farm.sql");
    if (!db) return;
    empty_reads(db);
    populate(db);
    scalar_reads(db);
    list_reads(db);
    CHECK_OK(quiver_database_close(db));
}
