#!/usr/bin/perl
# A Lambda Runtime API for the training run of docker/startup-archive.sh, so the Lambda image's startup archive
# covers invocations, not only the boot. Perl because perl-base is in every Debian and Ubuntu base image and the
# images have no other HTTP server to hand.
#
#   training-runtime-api.pl PORT EVENTS-DIRECTORY ROUNDS
#
# Prints "listening" once it accepts connections. Then hands out ROUNDS rounds of the events in EVENTS-DIRECTORY
# (every *.json file: the project's own fixtures from src/test/resources/events/, every front door, good and bad
# input), prints "done" once all are answered, and holds any further /next call until it is killed. Exits 1 if the
# function reports an error or answers with a 5xx or without a statusCode.
use strict;
use warnings;
use IO::Select;
use IO::Socket::INET;

my ($port, $directory, $rounds) = @ARGV;
die "usage: $0 PORT EVENTS-DIRECTORY ROUNDS\n" unless defined $rounds && -d $directory && $rounds =~ /^[1-9]\d*$/;
$| = 1;
$SIG{PIPE} = 'IGNORE';  # a client that resets its connection must not end the server silently

my @files = sort glob "$directory/*.json";
die "training-runtime-api: no *.json events in $directory\n" unless @files;
my @events = map {
    open my $in, '<:raw', $_ or die "training-runtime-api: $_: $!\n";
    local $/;
    scalar <$in>;
} @files;
my $total = $rounds * @events;

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
    respond($client, '200 OK', $events[$handed % @events], "Lambda-Runtime-Aws-Request-Id: $handed",
        'Lambda-Runtime-Deadline-Ms: ' . (time() + 300) * 1000,
        'Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:training');
    $handed++;
}

sub invocation_response {
    my ($client, $id, $body) = @_;
    my $event = $files[$id % @files];
    my ($status) = $body =~ /"statusCode"\s*:\s*(\d+)/;
    die "training-runtime-api: $event answered " . ($status // "without a statusCode") . "\n"
        unless defined $status && $status < 500;
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
        my ($id) = $path =~ m{/invocation/(\d+)/error$};
        die "training-runtime-api: the function reported an error for " . (defined $id ? $files[$id % @files] : $path)
            . ": $body\n";
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
