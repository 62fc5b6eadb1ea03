-- wrk script for POST /hello_post with a JSON body.
wrk.method = "POST"
wrk.body = '{"name":"x"}'
wrk.headers["Content-Type"] = "application/json"
