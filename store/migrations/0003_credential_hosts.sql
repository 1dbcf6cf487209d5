-- Schema version 3: the host each stored credential of a profile was saved for, so a credential is not
-- sent to another host after the profile's address changes until the administrator re-enters or confirms
-- it. Hosts are not secret. The Go step after this file fills them in from each profile's addresses.
ALTER TABLE profiles ADD COLUMN hub_cred_host  TEXT NOT NULL DEFAULT '';  -- the Hub Client Secret's host
ALTER TABLE profiles ADD COLUMN okta_cred_host TEXT NOT NULL DEFAULT '';  -- the Okta credential's host
ALTER TABLE profiles ADD COLUMN scim_cred_host TEXT NOT NULL DEFAULT '';  -- the SCIM tokens' host
