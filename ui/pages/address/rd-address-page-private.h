/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests: the address entry and the profile fix, reached from
 * outside. */

#include "rd-address-page.h"

G_BEGIN_DECLS

/* The address in the entry when it is a valid IP address, else NULL. */
const char   *rd_address_page_get_address     (RdAddressPage *self);
void          rd_address_page_set_address     (RdAddressPage *self,
                                               const char    *address);
RdProfileFix *rd_address_page_get_profile_fix (RdAddressPage *self);

G_END_DECLS
