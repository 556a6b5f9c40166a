"""Staff's second factor: an authenticator app (TOTP) and single-use recovery codes,
through django-otp, asked for after the password while STAFF_TWO_FACTOR is on.

`policy` says who owes one and whether a session has given it; `devices` is every
change to the devices; the middleware, the API's session authentication and the agents'
sockets (tickets.consumers) refuse a staff session that owes one; `views` are the pages
that collect it; `admin` lets supervisors reset a colleague's."""
