#include "verify/syntax.hpp"
