#pragma once
// The opaque quiver_element_t wraps the core Element; C-layer files (element.cpp, the database
// writes) reach it through here.
#include "core/element.hpp"
#include "quiver/c/element.h"

struct quiver_element {
    quiver::Element element;
};
