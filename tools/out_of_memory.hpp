// GMP and MPFR allocate through functions of their own and abort when an allocation fails
// ("GNU MP: Cannot allocate memory"). These replacements end the run the way any other
// allocation failure does: one line naming the stage, exit 2.
#pragma once

namespace chainrule::tools {

// Called once, before any number is created.
void report_gmp_allocation_failures();

}  // namespace chainrule::tools
