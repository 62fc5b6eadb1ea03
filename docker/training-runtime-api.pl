#!/usr/bin/perl
# A Lambda Runtime API for the training run of docker/startup-archive.sh, so the Lambda image's startup archive
# covers invocations, not only the boot. Perl because perl-base is in every Debian and Ubuntu base image and the
# images have no other HTTP server to hand.
#
#   training-runtime-api.pl PORT PAYLOAD-VERSION ROUNDS
#
# Prints "listening" once it accepts connections. Then hands out ROUNDS rounds of API Gateway events (payload 1.0 =
# REST API, 2.0 = HTTP API) on every endpoint, good and bad input, checks each response's statusCode, prints "done"
# once all are answered, and holds any further /next call until it is killed. Exits 1 if the function reports an
# error or answers with an unexpected status. The events are built here, not read from src/test/resources/events/,
# because the image build sees only what .dockerignore lets in.
use strict;
use warnings;
use IO::Select;
use IO::Socket::INET;

my ($port, $payload, $rounds) = @ARGV;
die "usage: $0 PORT 1.0|2.0 ROUNDS\n" unless defined $rounds && $payload =~ /^(1\.0|2\.0)$/ && $rounds =~ /^[1-9]\d*$/;
$| = 1;
$SIG{PIPE} = 'IGNORE';  # a client that resets its connection must not end the server silently

# [method, path, query name or undef, JSON body or undef, expected statusCode]; the requests startup-archive.sh
# sends the container image.
my @requests = (
    ['GET', '/hello', 'x', undef, 200],
    ['GET', '/hello', undef, undef, 200],
    ['POST', '/hello_post', undef, '{"name":"x"}', 200],
    ['POST', '/hello', undef, '{"name":""}', 200],
    ['POST', '/hello_post', undef, '{"name":', 400],
    ['POST', '/hello_post', undef, '{"nom":"x"}', 400],
);
my $total = $rounds * @requests;

sub json_string {
    my ($s) = @_;
    return 'null' unless defined $s;
    $s =~ s/(["\\])/\\$1/g;
    return qq("$s");
}

sub event {
    my ($method, $path, $name, $body) = @_;
    my $headers = '{"content-type":"application/json","host":"localhost","origin":"https://example.com"}';
    my $query = defined $name ? qq({"name":"$name"}) : 'null';
    $body = json_string($body);
    if ($payload eq '2.0') {
        my $raw_query = defined $name ? "name=$name" : '';
        return qq({"version":"2.0","routeKey":"\$default","rawPath":"$path","rawQueryString":"$raw_query",)
            . qq("headers":$headers,"queryStringParameters":$query,"requestContext":{"http":{"method":"$method",)
            . qq("path":"$path","protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":"training"},)
            . qq("requestId":"training","routeKey":"\$default","stage":"\$default","timeEpoch":0},)
            . qq("body":$body,"isBase64Encoded":false});
    }
    my $multi_query = defined $name ? qq({"name":["$name"]}) : 'null';
    return qq({"resource":"/{proxy+}","path":"$path","httpMethod":"$method","headers":$headers,)
        . qq("multiValueHeaders":{"content-type":["application/json"],"host":["localhost"],)
        . qq("origin":["https://example.com"]},"queryStringParameters":$query,)
        . qq("multiValueQueryStringParameters":$multi_query,"requestContext":{"httpMethod":"$method",)
        . qq("path":"$path","stage":"training","requestId":"training","identity":{"sourceIp":"127.0.0.1"}},)
        . qq("body":$body,"isBase64Encoded":false});
}

sub respond {
    my ($client, $status, $body, @headers) = @_;
    my $head = join '', map {"$_\r\n"} "HTTP/1.1 $status", 'Content-Type: application/json',
        'Content-Length: ' . length($body), @headers;
    print $client "$head\r\n$body";
}

my ($handed, $answered) = (0, 0);

sub next_invocation {
    my ($client) = @_;
    return if $handed == $total;  # training is over: the call waits until the JVM is stopped
    my $request = $requests[$handed % @requests];
    respond($client, '200 OK', event(@$request), "Lambda-Runtime-Aws-Request-Id: $handed",
        'Lambda-Runtime-Deadline-Ms: ' . (time() + 300) * 1000,
        'Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:training');
    $handed++;
}

sub invocation_response {
    my ($client, $id, $body) = @_;
    my ($method, $path, $name, undef, $expected) = @{$requests[$id % @requests]};
    my ($status) = $body =~ /"statusCode"\s*:\s*(\d+)/;
    die "training-runtime-api: $method $path answered " . ($status // "without a statusCode") . ", not $expected\n"
        unless defined $status && $status == $expected;
    respond($client, '202 Accepted', '{"status":"OK"}');
    print "done\n" if ++$answered == $total;
}

sub handle {
    my ($client, $method, $path, $body) = @_;
    if ($method eq 'GET' && $path eq '/2018-06-01/runtime/invocation/next') {
        next_invocation($client);
    } elsif ($method eq 'POST' && $path =~ m{^/2018-06-01/runtime/invocation/(\d+)/response$}) {
        invocation_response($client, $1, $body);
    } elsif ($method eq 'POST' && $path =~ m{/error$}) {
        die "training-runtime-api: the function reported an error at $path: $body\n";
    } else {
        respond($client, '404 Not Found', '{"errorMessage":"not a Runtime API call"}');
    }
}

my $listener = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $port, Listen => 16, ReuseAddr => 1)
    or die "training-runtime-api: cannot listen on port $port: $!\n";
my $select = IO::Select->new($listener);
my (%buffer, %continued);
print "listening\n";
while (1) {
    for my $socket ($select->can_read) {
        if ($socket == $listener) {
            my $client = $listener->accept or next;
            $select->add($client);
            $buffer{$client} = '';
            next;
        }
        if (!sysread $socket, $buffer{$socket}, 65536, length $buffer{$socket}) {
            $select->remove($socket);
            delete $buffer{$socket};
            delete $continued{$socket};
            close $socket;
            next;
        }
        # HTTP/1.1 keep-alive: the connection may carry several requests, and one may arrive in several reads.
        while ($buffer{$socket} =~ /\A(.*?)\r\n\r\n/s) {
            my $head = $1;
            die "training-runtime-api: chunked request bodies are not supported\n" if $head =~ /^transfer-encoding:/mi;
            my ($length) = $head =~ /^content-length:\s*(\d+)/mi;
            my $size = length($head) + 4 + ($length // 0);
            if (length $buffer{$socket} < $size) {
                print $socket "HTTP/1.1 100 Continue\r\n\r\n" if $head =~ /^expect:\s*100-continue/mi
                    && !$continued{$socket}++;
                last;
            }
            delete $continued{$socket};
            my $body = substr $buffer{$socket}, length($head) + 4, $length // 0;
            substr($buffer{$socket}, 0, $size) = '';
            my ($method, $path) = $head =~ /\A(\S+) (\S+)/;
            handle($socket, $method, $path, $body);
        }
    }
}
